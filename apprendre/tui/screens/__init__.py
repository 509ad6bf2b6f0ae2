"""One screen per module. Screens read and record progress only through ``app.session``."""
