"""What a reader's eye and a print shop check on the laid-out pages."""
