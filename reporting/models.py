"""Models of the reporting app: reporting reads the other apps."""
