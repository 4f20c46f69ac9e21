"""`kith capture`: interactions found in calendars, mail, chats, calls and notes, as log lines."""
