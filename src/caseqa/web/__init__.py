"""Web: the page's handlers (plain functions), its HTML, and the Gradio app around them."""
