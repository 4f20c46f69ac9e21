"""Moving contacts in and out: LinkedIn, Google and vCard imports; vCard, iCalendar, CSV exports."""
