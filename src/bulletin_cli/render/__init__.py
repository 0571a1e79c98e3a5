"""Outputs of an assembled issue: terminal preview, .docx, PDF."""
