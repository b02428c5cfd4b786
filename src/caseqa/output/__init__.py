"""Output: hits and verdicts as terminal text and as reports an instructor can hand back."""
