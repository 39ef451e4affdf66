"""What other apps may use of restapi."""
