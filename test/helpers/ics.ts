// Reading an iCalendar feed back with a real parser (ical.js), for the unit and end-to-end tests.
import ICAL from 'ical.js';

/** The calendar and its events as ical.js reads them. */
export function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    calendar,
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        summary: event.summary,
        description: event.description,
        start: event.startDate.toString(),
        end: event.endDate.toString(),
        allDay: event.startDate.isDate,
        categories: vevent.getAllProperties('categories').flatMap((p) => p.getValues() as string[]),
        stamp: (vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toString(),
        modified: (vevent.getFirstPropertyValue('last-modified') as ICAL.Time | null)?.toString() ?? null,
        sequence: event.sequence,
      };
    }),
  };
}
