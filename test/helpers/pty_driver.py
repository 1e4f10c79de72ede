"""Runs a command on a pseudo-terminal and relays it: our stdin -> the terminal's keyboard,
the terminal's screen -> our stdout. Exits with the command's exit code (128 + n for signal n).

Usage: python3 pty_driver.py COLUMNS ROWS COMMAND [ARG...]   (the environment is passed through)
Used by test/helpers/pty.ts, which decides what to type and when; this script only relays.
"""
import errno
import fcntl
import os
import pty
import select
import struct
import sys
import termios


def main() -> int:
    columns, rows, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    pid, master = pty.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    keyboard = sys.stdin.fileno()
    screen = sys.stdout.fileno()
    watching = [master, keyboard]
    while True:
        readable, _, _ = select.select(watching, [], [])
        if keyboard in readable:
            keys = os.read(keyboard, 4096)
            if keys:
                os.write(master, keys)
            else:
                watching.remove(keyboard)  # the test is done typing; the command keeps its terminal
        if master in readable:
            try:
                shown = os.read(master, 65536)
            except OSError as error:  # EIO: the command closed the terminal (it exited)
                if error.errno != errno.EIO:
                    raise
                shown = b""
            if not shown:
                break
            os.write(screen, shown)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
