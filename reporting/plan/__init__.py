"""The plan tracker: the co-creation plan's objectives and key actions, with dated updates."""
