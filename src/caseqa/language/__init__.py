"""Language tools every stage shares: sentences, content terms and quantities in English text."""
