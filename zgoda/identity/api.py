"""What other apps may use of identity."""
