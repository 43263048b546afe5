"""The tabs of the settings dialog (general, sites and their weekly slots, security) and their models."""
