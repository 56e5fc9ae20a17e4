"""Speed at a seller's real scale, each figure beside a baseline run in the same script."""
