#!/usr/bin/python3
"""a11y-check.py — names every control of a program that has no accessible name.

    a11y-check.py [--timeout SECONDS] PID|NAME

Finds the application on the AT-SPI bus by its process id (or, if the
argument is not a number, by its application name), walks its accessible
tree and prints one line for each control that is showing and whose
accessible name is empty: its role and its path from its window (each step
a role, its index among its parent's children and its name if it has one).
Exits 1 if it printed any line, 0 if every control has a name, 2 if the
application never appeared on the bus within the timeout (10 s; a GTK
program registers itself a moment after its display opens).

GTK 4.8 (Debian 12) differs from the book in three ways this allows for:
  - it sets "showing" on its windows only; below them a node counts as
    shown if it is "visible" under shown ancestors (so a page of a
    GtkStack that is not on screen is walked too: its controls need names
    as much);
  - a widget without a name is named by its type ("GtkButton"): a name that
    reads as a type name (CamelCase, one word) counts as none (as does a
    name of symbols only, without a letter or digit: "⌫", "☰");
  - a GtkDropDown ("combo box") shows its own button as a child: the
    combo box's name is that button's, which is not checked apart.

It is a D-Bus client of the program: the program's main loop must keep
running while this works (tests/lib/gui/gui-a11y.c waits with it running).
Needs gir1.2-atspi-2.0 and python3-gi (Debian), and the bridge on in the
program (GTK_A11Y not "none").
"""

import re
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

R = Atspi.Role
# Roles a visitor operates; each must say what it does.
CONTROLS = {
    R.PUSH_BUTTON, R.TOGGLE_BUTTON, R.CHECK_BOX, R.RADIO_BUTTON,
    R.ENTRY, R.PASSWORD_TEXT, R.COMBO_BOX, R.SPIN_BUTTON, R.SLIDER,
    R.MENU_ITEM, R.CHECK_MENU_ITEM, R.RADIO_MENU_ITEM, R.LINK,
    R.PUSH_BUTTON_MENU,
}
# Roles that are controls only when a visitor can act on them: text one can
# type into (GTK 4.8 gives GtkEntry the role "text"), list items one can
# select.
CONTROLS_IF = {R.TEXT: Atspi.StateType.EDITABLE,
               R.LIST_ITEM: Atspi.StateType.SELECTABLE}


# What GTK 4.8 answers for a widget that has no name: its type's name.
TYPE_NAME = re.compile(r"^[A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+$")


def has_name(node):
    """Whether NODE's name says something: not empty, not its type's name,
    not symbols only (a key labelled "⌫" is named by what it does)."""
    name = (node.get_name() or "").strip()
    return (any(c.isalnum() for c in name)
            and not TYPE_NAME.match(name))


def shown(states):
    return (states.contains(Atspi.StateType.SHOWING)
            or states.contains(Atspi.StateType.VISIBLE))


def find_application(wanted, timeout):
    """The application whose process id (or name) is WANTED, or None."""
    deadline = time.monotonic() + timeout
    while True:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is None:
                continue
            try:
                if wanted.isdigit():
                    if app.get_process_id() == int(wanted):
                        return app
                elif app.get_name() == wanted:
                    return app
            except GLib.Error:
                continue  # an application that went away meanwhile
        if time.monotonic() > deadline:
            return None
        time.sleep(0.2)


def step(node, index):
    text = node.get_role_name() + "[%d]" % index
    return text + (' "%s"' % node.get_name() if has_name(node) else "")


def unnamed(node, path, out):
    """Appends to OUT a line for each unnamed showing control under NODE."""
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is None:
            continue
        states = child.get_state_set()
        if not shown(states):
            continue  # nor is anything under it
        here = path + [step(child, i)]
        role = child.get_role()
        is_control = role in CONTROLS or (
            role in CONTROLS_IF and states.contains(CONTROLS_IF[role]))
        if is_control and not has_name(child):
            said = (child.get_name() or "").strip()
            out.append("unnamed %s: %s%s" % (
                child.get_role_name(), " / ".join(here),
                ' (its name: "%s")' % said if said else ""))
        if role != R.COMBO_BOX:
            unnamed(child, here, out)


def main(argv):
    timeout = 10.0
    if len(argv) >= 3 and argv[1] == "--timeout":
        timeout = float(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    Atspi.init()
    app = find_application(argv[1], timeout)
    if app is None:
        sys.stderr.write("a11y-check: no application %s on the AT-SPI bus\n"
                         % argv[1])
        return 2
    # A widget the program replaces while the walk is under way (a label
    # re-rendered, a popover closed) is gone from the bus by the time the
    # walk asks for it: AT-SPI says "no longer exists".  The walk is then
    # done again, from the top, a few times; a program whose tree never
    # holds still for one whole walk fails.
    for attempt in range(5):
        out = []
        try:
            unnamed(app, [], out)
            break
        except GLib.Error as error:
            sys.stderr.write("a11y-check: walk %d interrupted (%s), again\n"
                             % (attempt + 1, error.message))
            time.sleep(0.5)
    else:
        sys.stderr.write("a11y-check: the tree changed under every walk\n")
        return 2
    for line in out:
        print(line)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
