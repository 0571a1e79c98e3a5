"""What spans issues: the list of issues (listing), reading past bulletins (past_issue),
starting a series from one (settings_from_past), bringing back issues in (importer) and
searching them all (search)."""
