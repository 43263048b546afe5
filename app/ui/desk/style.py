"""The Desk's look: cards, compact choice buttons with a clear checked state, one accent button per screen."""

from app.ui.palette import FOCUS_RING, PRIMARY_HOVER

DESK_STYLE = """
QPushButton { padding: 5px 12px; }
QFrame[card="true"] { background: palette(base); border: 1px solid palette(midlight); border-radius: 8px; }
QFrame[card="true"] > QLabel { background: transparent; }
QLabel[title="true"] { font-weight: 600; font-size: 11pt; }
QLabel[heading="true"] { font-weight: 600; color: palette(text); }
QLabel[muted="true"] { color: palette(placeholder-text); }
QLabel[error="true"] { color: #b3261e; }
QLabel[success="true"] { color: #2e7d32; }
QLineEdit[error="true"] { border: 1px solid #b3261e; border-radius: 3px; padding: 2px; }

QPushButton[choice="true"], #languagePicker QPushButton {
    background: palette(button); border: 1px solid palette(mid); border-radius: 6px; padding: 4px 9px;
}
#languagePicker QPushButton { min-height: 20px; }
QPushButton[choice="true"]:hover, #languagePicker QPushButton:hover { border-color: palette(highlight); }
QPushButton[choice="true"]:checked, #languagePicker QPushButton:checked {
    background: palette(highlight); border-color: palette(highlight); color: palette(highlighted-text);
}
QPushButton[choice="true"]:focus, #languagePicker QPushButton:focus { border: 2px solid FOCUS_RING; }
QPushButton[choice="true"]:disabled, #languagePicker QPushButton:disabled {
    background: palette(window); border-color: palette(midlight); color: palette(placeholder-text);
}

QPushButton[primary="true"] {
    background: palette(highlight); color: palette(highlighted-text); border: 1px solid palette(highlight);
    border-radius: 6px; padding: 6px 16px; font-weight: 600;
}
QPushButton[primary="true"]:hover { background: PRIMARY_HOVER; border-color: PRIMARY_HOVER; }
QPushButton[primary="true"]:focus { border: 2px solid FOCUS_RING; }
QPushButton[primary="true"]:disabled {
    background: palette(midlight); border-color: palette(midlight); color: palette(placeholder-text);
}

#sessionBar { border: 1px solid palette(midlight); border-radius: 8px; background: palette(base); }
#sessionBar[mode="idle"] { border: 1px solid palette(highlight); }
#sessionBar[mode="stale"] { background: #fff4e0; border: 1px solid #e0a040; }
#sessionBar[mode="stale"] QLabel { color: #5a3b00; }
#sessionBar[mode="stale"] QLabel[error="true"] { color: #b3261e; }
#moreToggle { border: none; background: transparent; padding: 2px 0; }
#moreToggle:hover { color: palette(highlight); }
#formScroll, #formScroll > QWidget > QWidget { background: transparent; }
#openDot { color: #2e7d32; font-size: 12pt; }
#formScroll QScrollBar:vertical { width: 8px; background: transparent; margin: 0; }
#formScroll QScrollBar::handle:vertical { background: palette(mid); border-radius: 4px; min-height: 24px; }
#formScroll QScrollBar::add-line, #formScroll QScrollBar::sub-line { height: 0; }
#formScroll QScrollBar::add-page, #formScroll QScrollBar::sub-page { background: transparent; }
#editBanner { background: #fff4e0; border: 1px solid #e0a040; border-radius: 6px; padding: 6px 10px;
              color: #5a3b00; }
#countTile { background: palette(alternate-base); border: none; border-radius: 6px; }
#todayNumber, #weekNumber { font-size: 20pt; font-weight: 700; }
#todayTable { border: none; background: transparent; }
QHeaderView { background: transparent; }
QHeaderView::section { background: transparent; border: none; border-bottom: 1px solid palette(midlight);
                       padding: 3px 4px; color: palette(placeholder-text); font-weight: 600; }
""".replace("PRIMARY_HOVER", PRIMARY_HOVER).replace("FOCUS_RING", FOCUS_RING)
