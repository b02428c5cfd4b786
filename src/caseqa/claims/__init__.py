"""Claims: essay → claims → evidence windows → comparisons → Verdicts with reasons."""
