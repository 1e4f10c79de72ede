// Contact exports as CSV: which program wrote a file (recognised by its header alone) and how its columns become a
// client's name, email, company, note and tags. Google Contacts (today's export and the older "Google CSV"),
// Outlook, HubSpot and a spreadsheet with first and last name columns; crm's own columns (name,email,...) are not a
// layout here: the importer reads those as they are.
//
// What each exporter writes (header names as they appear in the files):
// - Google Contacts: First/Middle/Last Name, Organization Name, Notes, Labels ("* myContacts ::: Clients"),
//   "E-mail N - Label" ("* Work" marks the primary) + "E-mail N - Value" (several addresses joined by " ::: "),
//   "Phone N - Label" + "Phone N - Value".
// - Google CSV (legacy): Name, Given/Additional/Family Name, Notes, Group Membership, "E-mail N - Type"/"- Value",
//   "Phone N - Type"/"- Value", "Organization N - Name".
// - Outlook: First/Middle/Last Name, Company, "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", the
//   phone columns ("Business Phone", "Mobile Phone"...), Notes, Categories ("Clients;VIP").
// - Thunderbird: Display Name, First Name, Last Name, Primary Email, Secondary Email, Work Phone..., Organization,
//   Notes (its export writes commas, or semicolons where the list separator is one).
// - HubSpot: First Name, Last Name, Email, Phone Number, Company Name.
import { normaliseHeader } from './csv.js';

export type ContactLayoutId = 'google' | 'google-legacy' | 'outlook' | 'thunderbird' | 'hubspot' | 'first-last';

/** A client as a contact export gives it: the cells crm keeps, empty when the file has nothing. */
export interface ContactFields {
  name: string;
  email: string;
  company: string;
  note: string;
  tags: string[];
}

/** How one crm field is taken from the file's columns, for `--dry-run` to show. */
export interface FieldSource {
  field: 'name' | 'email' | 'company' | 'note' | 'tags';
  columns: string[];
  /** the columns and how they are combined, in words */
  shown: string;
}

export interface ContactLayout {
  id: ContactLayoutId;
  title: string;
  sources: FieldSource[];
  /** headers the layout does not read */
  ignored: string[];
  read(cells: string[]): ContactFields;
}

interface Column {
  index: number;
  header: string;
}

interface LabelledColumn extends Column {
  /** the column of its label ("E-mail 1 - Label", "- Type"), if the file has one */
  label: Column | undefined;
}

/** The " ::: " Google puts between several values of one cell (addresses, labels). */
const GOOGLE_SEPARATOR = /\s*:::\s*/;
/** System groups: "* myContacts", "* starred" (Google), "System Group: My Contacts" (older Google exports). */
const SYSTEM_GROUP = /^(?:\*|system group:)/i;

/**
 * The layout of a header, or null when it is none of the known exports (crm's own columns, or not contacts at all).
 * A header with its own name column is left to the plain reading.
 */
export function detectContactLayout(headers: string[]): ContactLayout | null {
  const keys = headers.map(normaliseHeader);
  const has = (...names: string[]) => names.some((n) => keys.includes(n));
  if (has('displayname') && has('primaryemail')) return thunderbird(headers);
  if (has('name', 'fullname', 'clientname', 'client', 'displayname', 'fn') && !has('givenname')) return null;
  if (has('givenname', 'familyname') && has('groupmembership', 'email1value', 'organization1name')) return googleLegacy(headers);
  if (has('firstname', 'lastname') && has('email1value', 'labels', 'organizationname', 'phoneticfirstname')) return google(headers);
  if (has('firstname', 'lastname') && has('emailaddress', 'categories', 'businessphone', 'email2address')) return outlook(headers);
  if (has('firstname', 'lastname') && has('recordid', 'companyname', 'phonenumber', 'contactowner', 'lifecyclestage')) return hubspot(headers);
  if (has('firstname', 'lastname', 'givenname', 'familyname', 'surname')) return firstLast(headers);
  return null;
}

function google(headers: string[]): ContactLayout {
  const find = finder(headers);
  return build(headers, 'google', 'Google Contacts', {
    name: find.all('first name', 'middle name', 'last name'),
    emails: find.numbered(/^e-?mail (\d+) - value$/i, (n) => [`e-mail ${n} - label`, `e-mail ${n} - type`]),
    company: find.all('organization name'),
    notes: find.all('notes'),
    phones: find.numbered(/^phone (\d+) - value$/i, (n) => [`phone ${n} - label`, `phone ${n} - type`]),
    tags: find.all('labels'),
  });
}

function googleLegacy(headers: string[]): ContactLayout {
  const find = finder(headers);
  return build(headers, 'google-legacy', 'Google Contacts (the older "Google CSV")', {
    fullName: find.all('name'),
    name: find.all('given name', 'additional name', 'family name'),
    emails: find.numbered(/^e-?mail (\d+) - value$/i, (n) => [`e-mail ${n} - type`, `e-mail ${n} - label`]),
    company: find.numbered(/^organization (\d+) - name$/i, () => []).slice(0, 1),
    notes: find.all('notes'),
    phones: find.numbered(/^phone (\d+) - value$/i, (n) => [`phone ${n} - type`, `phone ${n} - label`]),
    tags: find.all('group membership'),
  });
}

function outlook(headers: string[]): ContactLayout {
  const find = finder(headers);
  const phones = headers
    .map((header, index) => ({ header, index, label: undefined }))
    .filter(({ header }) => /(?:^|\s)phone(?: \d)?$/i.test(header) && !/fax/i.test(header));
  return build(headers, 'outlook', 'Outlook', {
    name: find.all('first name', 'middle name', 'last name'),
    emails: find.numbered(/^e-?mail(?: (\d+))? address$/i, () => []),
    company: find.all('company'),
    notes: find.all('notes'),
    phones,
    tags: find.all('categories'),
  });
}

function thunderbird(headers: string[]): ContactLayout {
  const find = finder(headers);
  return build(headers, 'thunderbird', 'Thunderbird address book', {
    fullName: find.all('display name'),
    name: find.all('first name', 'last name'),
    emails: find.unlabelled('primary email', 'secondary email'),
    company: find.all('organization'),
    notes: find.all('notes'),
    phones: find.unlabelled('work phone', 'home phone', 'mobile number', 'pager number'),
    tags: [],
  });
}

function hubspot(headers: string[]): ContactLayout {
  const find = finder(headers);
  return build(headers, 'hubspot', 'HubSpot contacts export', {
    name: find.all('first name', 'last name'),
    emails: find.unlabelled('email'),
    company: find.all('company name', 'company'),
    notes: find.all('notes', 'note'),
    phones: find.unlabelled('phone number', 'mobile phone number'),
    tags: [],
  });
}

/** Any spreadsheet with first and last name columns instead of one name column. */
function firstLast(headers: string[]): ContactLayout {
  const find = finder(headers);
  return build(headers, 'first-last', 'first and last name columns', {
    name: find.all('first name', 'given name', 'middle name', 'last name', 'family name', 'surname'),
    emails: find.unlabelled('email', 'e-mail', 'email address', 'e-mail address', 'mail'),
    company: find.all('company', 'company name', 'organisation', 'organization', 'organization name'),
    notes: find.all('notes', 'note'),
    phones: find.unlabelled('phone', 'phone number', 'mobile', 'telephone'),
    tags: find.all('tags', 'labels', 'categories'),
  });
}

interface Columns {
  fullName?: Column[];
  name: Column[];
  emails: LabelledColumn[];
  company: Column[];
  notes: Column[];
  phones: LabelledColumn[];
  tags: Column[];
}

function build(headers: string[], id: ContactLayoutId, title: string, columns: Columns): ContactLayout {
  const names = (list: Column[]) => list.map((c) => c.header);
  const fullName = columns.fullName ?? [];
  const labelled = [...columns.emails, ...columns.phones];
  const used = new Set(
    [...fullName, ...columns.name, ...columns.company, ...columns.notes, ...columns.tags, ...labelled, ...labelled.flatMap((c) => c.label ?? [])].map(
      (c) => c.index,
    ),
  );
  const list = (columns: Column[], separator = ', ') => names(columns).join(separator);
  const personName = [list(fullName), list(columns.name, ' + ')].filter(Boolean).join(', else ');
  const sources: FieldSource[] = [
    { field: 'name', columns: names([...fullName, ...columns.name]), shown: `${personName}${columns.company.length ? `, else ${list(columns.company)}` : ''}` },
    {
      field: 'email',
      columns: names(columns.emails),
      shown: columns.emails.some((c) => c.label) ? `${list(columns.emails)}: the one labelled "* " (primary), else the first` : `${list(columns.emails)}: the first filled`,
    },
    { field: 'company', columns: names(columns.company.slice(0, 1)), shown: list(columns.company.slice(0, 1)) },
    {
      field: 'note',
      columns: names([...columns.notes, ...columns.phones]),
      shown: [list(columns.notes), columns.phones.length ? `a line per phone number (${list(columns.phones)})` : ''].filter(Boolean).join(', then '),
    },
    { field: 'tags', columns: names(columns.tags), shown: `${list(columns.tags)}, split, without system groups such as "* myContacts"` },
  ];
  return {
    id,
    title,
    sources: sources.filter((s) => s.columns.length > 0),
    ignored: headers.filter((h, i) => !used.has(i) && h.trim() !== ''),
    read(cells) {
      const cell = (c: Column) => (cells[c.index] ?? '').trim();
      const joined = (list: Column[], separator: string) => list.map(cell).filter(Boolean).join(separator);
      const company = joined(columns.company.slice(0, 1), '');
      const person = joined(fullName, '') || joined(columns.name, ' ');
      return {
        // A contact that is only an organisation (a company as a client) is named by it.
        name: person.replace(/\s+/g, ' ') || company,
        email: primaryEmail(columns.emails, cell),
        company,
        note: [joined(columns.notes, '\n'), ...phoneLines(columns.phones, cell)].filter(Boolean).join('\n'),
        tags: contactTags(columns.tags.map(cell)),
      };
    },
  };
}

/** The address a "* " label marks as primary (Google), else the first filled one; a cell may hold several. */
function primaryEmail(columns: LabelledColumn[], cell: (c: Column) => string): string {
  const first = (c: LabelledColumn) => cell(c).split(GOOGLE_SEPARATOR).find(Boolean) ?? '';
  const marked = columns.find((c) => c.label && cell(c.label).startsWith('*') && first(c));
  return marked ? first(marked) : (columns.map(first).find(Boolean) ?? '');
}

/** "Phone: +351 912 345 678 (Mobile)", one line per number. */
function phoneLines(columns: LabelledColumn[], cell: (c: Column) => string): string[] {
  return columns.flatMap((c) => {
    const kind = (c.label ? cell(c.label) : (/^(.*?)\s*(?:phone(?: number)?|number)(?: \d)?$/i.exec(c.header.trim())?.[1] ?? '')).replace(/^\*\s*/, '').trim();
    return cell(c)
      .split(GOOGLE_SEPARATOR)
      .filter(Boolean)
      .map((number) => `Phone: ${number}${kind ? ` (${kind})` : ''}`);
  });
}

/** Labels, groups or categories as crm's tags: split, system groups dropped, lower case, each once. */
export function contactTags(cells: string[]): string[] {
  const tags = cells
    .flatMap((c) => c.split(/\s*:::\s*|[;,]/))
    .map((t) => t.trim())
    .filter((t) => t && !SYSTEM_GROUP.test(t))
    .map((t) => t.toLowerCase());
  return [...new Set(tags)];
}

function finder(headers: string[]) {
  const keys = headers.map(normaliseHeader);
  const column = (name: string): Column | undefined => {
    const index = keys.indexOf(normaliseHeader(name));
    return index < 0 ? undefined : { index, header: headers[index]! };
  };
  return {
    /** the columns of these names that the header has, in this order */
    all: (...names: string[]): Column[] => names.map(column).filter((c): c is Column => c !== undefined),
    /** the same, for emails or phones that have no label column */
    unlabelled: (...names: string[]): LabelledColumn[] => names.map(column).flatMap((c) => (c ? [{ ...c, label: undefined }] : [])),
    /** the columns matching `pattern`, in the file's order, each with its label column */
    numbered: (pattern: RegExp, labels: (n: string) => string[]): LabelledColumn[] =>
      headers.flatMap((header, index) => {
        const match = pattern.exec(header.trim());
        if (!match) return [];
        const label = labels(match[1] ?? '1').map(column).find((c) => c !== undefined);
        return [{ index, header, label }];
      }),
  };
}
