"""What spans issues: the list of issues, past-issue import, search."""
