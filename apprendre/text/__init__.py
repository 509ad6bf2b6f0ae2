"""The text mode (``apprendre --texte``): the learner's journey as plain lines, for a screen
reader or a braille display. A second front end beside ``tui/``, on the same core and files."""
