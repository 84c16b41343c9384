"""Article -> annotated spaCy Doc -> Document. One component per file; pipeline.py assembles them."""
