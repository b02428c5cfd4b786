"""App: the engine that keeps the index live, the case library, the command line and evaluation."""
