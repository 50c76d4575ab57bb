"""Models of the activities app: built in a later issue."""
