"""Models of the impact app: built in a later issue."""
