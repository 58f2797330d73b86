using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Catalogue.Api.Hosting;
using Catalogue.Api.Imports;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Validation;
using CsvHelper;
using FluentValidation.Results;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>The header of a CSV import names a column the catalogue does not read, or lacks one it needs.</summary>
public sealed class CsvHeaderException(string message, IReadOnlyList<string> columns) : Exception(message)
{
    public IReadOnlyList<string> Columns { get; } = columns;
}

/// <summary>
/// Reads records from CSV as archivists keep them in a spreadsheet: a header row naming the columns (any of
/// <see cref="Columns"/>, in any order and letter case, spaces for underscores), then a record a row, comma-separated,
/// quoted as RFC 4180 quotes (a cell may hold commas, quotes and line breaks). A cell holding several values —
/// translators, funders, creators, subjects — separates them with <see cref="Separator"/>. A blank cell says nothing:
/// a new record does not have it, a record the catalogue holds keeps what it has. Each row is read and checked as it
/// arrives, its number the one a spreadsheet shows it under (the header is row 1), its problems named by column; the
/// input must be UTF-8 (a byte that is not stops the import there, with the rows before it imported).
/// </summary>
public static partial class CsvRecordsReader
{
    public const char Separator = '|';

    /// <summary>Every column a CSV import reads, and what it holds.</summary>
    public static readonly IReadOnlyList<(string Name, string Holds)> Columns =
    [
        ("id", "the record's id (a UUID): a row naming a record the catalogue holds corrects it; without it a new record is made, its id from the batch and the row"),
        ("accession_number", "the accession number; without it the next one is drawn"),
        ("accessioned_at", "when the document was accessioned (ISO 8601, e.g. 2024-03-01T09:00:00Z); without it, now"),
        ("external_ids", "identifiers in other systems, scheme:value (wilson-center:117886), separated by |"),
        ("title", "the title (required of a new record)"),
        ("document_type", "the type of document (Memorandum of Conversation)"),
        ("source_url", "the document's address at its source"),
        ("source_citation", "how the source cites the document, as it writes it"),
        ("date_created", "the date the document was written, as written"),
        ("date_created_edtf", "the same as an EDTF date (1949-11-10, 1949?, 1949-10/1949-12); required with date_created"),
        ("date_described", "the date of the events it describes, as written"),
        ("date_described_edtf", "the same as an EDTF date"),
        ("date_published", "the date a digital archive published it, as written"),
        ("date_published_edtf", "the same as an EDTF date"),
        ("classification", "classification marks as written (Top Secret, Copy No. 4)"),
        ("creators", "creators separated by |, each Name or Name (role)"),
        ("participants", "participants separated by |, each Name or Name (role)"),
        ("summary", "the summary"),
        ("languages", "the original's languages separated by |, each an ISO 639 code (ru, RU, rus: recorded as ru) or an English name (Russian)"),
        ("citation", "the archive reference as written (AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85), read by the citation parser into provenance"),
        ("translators", "translators separated by |: one translation credit"),
        ("translation_language", "the language of the translation (default en)"),
        ("translation_credit", "the credit as written (default: Translated by the translators)"),
        ("acquired_by", "who obtained, contributed, donated or provided the copy, separated by |: one acquisition credit"),
        ("acquisition_role", "obtained, contributed, donated or provided (default obtained)"),
        ("acquisition_credit", "the credit as written (default: Obtained by …)"),
        ("funders", "funders separated by |: a funding note each"),
        ("funding_note", "the funding note as written, for each funder (default: Made possible with support from the funder)"),
        ("subjects", "subject terms separated by |"),
        ("places", "places separated by |"),
        ("full_text", "the document's text"),
        ("full_text_language", "its language (default: the first original language, else en)"),
        ("full_text_kind", "original or translation (default: original when its language is an original language)"),
        ("status", "draft, published or withdrawn (default draft)"),
    ];

    private static readonly HashSet<string> Known = [.. Columns.Select(c => c.Name)];

    /// <summary>Columns that say something of another's values (a credit, a language, a kind), and that column: alone they would be dropped unread.</summary>
    private static readonly (string Column, string Main)[] Companions =
    [
        ("translation_language", "translators"), ("translation_credit", "translators"),
        ("acquisition_role", "acquired_by"), ("acquisition_credit", "acquired_by"),
        ("funding_note", "funders"),
        ("full_text_language", "full_text"), ("full_text_kind", "full_text"),
    ];
    private static readonly ImportedRecord.Validator Validator = new();

    /// <summary>"Accession Number" → "accession_number".</summary>
    public static string ColumnName(string header) => Underscores().Replace(header.Trim().ToLowerInvariant(), "_");

    /// <exception cref="CsvHeaderException">There is no header (the input is empty), or it names an unknown column, a column twice, or no title column.</exception>
    /// <exception cref="DecoderFallbackException">The input is not UTF-8 (the message says where: <see cref="Utf8CheckedStream"/>).</exception>
    public static IAsyncEnumerable<SourceLine> ReadAsync(Stream input, CancellationToken ct) => ReadAsync(input, null, ct);

    /// <param name="room">
    /// Where a row of more than <see cref="LargePayloads.Threshold"/> characters waits for room before it is worked on
    /// (the room then goes with it: <see cref="SourceLine.Hold"/>); null to work on every row at once. The parser holds
    /// the row already; what waits is all that is made from it.
    /// </param>
    public static async IAsyncEnumerable<SourceLine> ReadAsync(Stream input, LargePayloads? room, [EnumeratorCancellation] CancellationToken ct)
    {
        var checkedInput = new Utf8CheckedStream(input);
        var decoded = new StreamReader(checkedInput, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var (separator, header, hint) = await CsvSeparator.ReadAsync(decoded, ct);
        var text = new CsvRowLimit(decoded, separator: separator, readAhead: header);
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = true,
            AllowLineBreaksInQuotes = true,
            // A spreadsheet shows an empty line as an empty row, and numbers the rows after it so: counted, as a row of blank cells is.
            SkipEmptyLines = false,
            // Rows past CsvRowLimit's limit never reach the parser; its own limit, in whatever unit it counts, is only a backstop.
            MaxRecordSize = 4 * CsvRowLimit.MaxRowChars,
            DetectSeparatorHint = false,
        };
        await using var csv = CsvReader.Create(text, options);
        await csv.ReadHeaderAsync(ct);
        if (!csv.Headers.Any())
            throw new CsvHeaderException("The file is empty: a CSV import begins with a header row naming its columns (title, and any of the others the README lists).", ["header"]);
        if (csv.Headers is [""])
            throw new CsvHeaderException("The file is empty, or its first line is: a CSV import begins with a header row naming its columns (title, and any of the others the README lists) on its first line.", ["header"]);
        if (csv.Headers.FirstOrDefault(h => h.AsSpan().ContainsAny('\r', '\n')) is { } broken)
            throw new CsvHeaderException($"The header's cell '{Shown(broken.ReplaceLineEndings(" "))}' holds a line break: a quote opened in the header is not closed before its line ends.", ["header"]);
        if (csv.Headers.Any(h => h.Contains('\0')))
            throw new CsvHeaderException("The header holds NUL characters, as a file saved as UTF-16 does: save it as UTF-8 (CSV UTF-8 in a spreadsheet's Save As) and send it again.", ["header"]);
        var columns = csv.Headers.Select(ColumnName).ToArray();
        var unknown = columns.Where(c => !Known.Contains(c)).Distinct().ToList();
        if (unknown.Count > 0)
            throw new CsvHeaderException($"The header names columns a CSV import does not read: {Listed(unknown)}. The columns are: {string.Join(", ", Known)}.", unknown);
        if (columns.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList() is { Count: > 0 } twice)
            throw new CsvHeaderException($"The header names {Listed(twice)} more than once.", twice);
        if (!columns.Contains("title") && !columns.Contains("id"))
            throw new CsvHeaderException("The header names neither 'title' nor 'id': a row makes a record (which needs its title) or corrects one (named by its id).", ["title"]);

        // The parser counts the bytes of what it was handed, where a row left out is only a cell naming its bytes (in ASCII).
        // Its offset is where the row it has just read begins: a row is given on once the next is read (or the input has
        // ended), with the offset where it ends, so that the bytes an import reports read include the rows it handled.
        // A separator hint line is passed over before the parser: its bytes are read all the same.
        var bytesLeftOut = (long)Encoding.UTF8.GetByteCount(hint);
        var rowsLeftOut = 0;
        using var digest = new InputDigest();
        digest.Add(hint);
        foreach (var cell in csv.Headers) digest.Add(cell);
        digest.EndLine();
        SourceLine? read = null;
        while (true)
        {
            var more = await csv.ReadAsync(ct);
            if (read is not null)
            {
                if (!more && text.EndedInOpenQuote) read = OpenQuote(read.Number) with { InputDigest = read.InputDigest };
                // The last row of an input read whole ends where the input does: the parser's offset counts a line break
                // after it that a file ending without one does not have.
                yield return read with { Bytes = !more && text.Refusal is null ? checkedInput.HandedOn : csv.ByteOffset + bytesLeftOut };
            }

            if (!more)
            {
                // The rows before a byte that is not UTF-8 are given on first, for the import to write them.
                if (text.Refusal is { } notUtf8) throw notUtf8;
                break;
            }

            read = Row(csv, columns, text, digest, ref rowsLeftOut, ref bytesLeftOut, out var chars);
            if (read is not null && room is not null && chars > LargePayloads.Threshold)
                read = read with { Hold = await room.EnterAsync(chars * 2, wait: null, ct) };
        }
    }

    /// <summary>
    /// The last row, read on to the end of the input inside a quote never closed: it swallowed every line after it into
    /// one cell, and is refused rather than made a record of that cell while the rows it swallowed are lost unsaid.
    /// </summary>
    private static SourceLine OpenQuote(long row) => new(row, null,
        [new LineProblem(row, "", $"A quote opened in row {row:N0} is never closed, so every line after it, to the end of the file, was read into one of its cells. Close the quote (a quote inside a quoted cell is written twice: \"\") and send the file again.")], 0);

    /// <summary>
    /// The row the parser has just read, or null when all its cells are blank; its bytes are set once the next is read.
    /// Its cells are digested into <paramref name="digest"/> (a row left out for its length as the cell naming its bytes).
    /// </summary>
    /// <param name="chars">How many characters the row's cells hold.</param>
    private static SourceLine? Row(CsvReader csv, string[] columns, CsvRowLimit text, InputDigest digest, ref int rowsLeftOut, ref long bytesLeftOut, out long chars)
    {
        chars = 0;
        var row = csv.RowNumber + 1;
        var values = new string[csv.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = csv.GetString(i);
            digest.Add(values[i]);
        }

        digest.EndLine();
        if (values.Length == 1 && rowsLeftOut < text.RowsLeftOut && CsvRowLimit.IsLeftOut(values[0]) is { } leftOut)
        {
            rowsLeftOut++;
            bytesLeftOut += leftOut - values[0].Length;
            return Digested(new SourceLine(row, null, [new LineProblem(row, "", $"The row is longer than {CsvRowLimit.MaxRowChars:N0} characters, the most one record may take.")], 0));
        }

        if (values.Length > columns.Length)
            return Digested(new SourceLine(row, null, [new LineProblem(row, "", $"The row has {values.Length} cells and the header {Counted(columns.Length, "column")}.")], 0));

        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            chars += values[i].Length;
            if (!string.IsNullOrWhiteSpace(values[i])) cells[columns[i]] = values[i];
        }

        return cells.Count == 0 ? null : Digested(Read(row, cells));

        SourceLine Digested(SourceLine line) => line with { InputDigest = digest.Current };
    }

    private static SourceLine Read(long row, Dictionary<string, string> cells)
    {
        var problems = new List<LineProblem>();
        string? Cell(string column) => cells.GetValueOrDefault(column)?.Trim();
        List<string>? Values(string column)
        {
            if (Cell(column) is not { } cell) return null;
            List<string> values = [.. cell.Split(Separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            if (values.Count > 0) return values;
            problems.Add(new LineProblem(row, column, $"'{column}' holds only separators ({Separator}): write the values between them, or leave the cell blank."));
            return null;
        }

        foreach (var (column, main) in Companions)
        {
            if (Cell(column) is not null && Cell(main) is null)
                problems.Add(new LineProblem(row, column, $"'{column}' goes with '{main}', which this row leaves blank: fill in '{main}' too, or leave '{column}' blank."));
        }

        Guid? id = null;
        if (Cell("id") is { } givenId)
        {
            if (Guid.TryParse(givenId, out var parsed)) id = parsed;
            else problems.Add(new LineProblem(row, "id", $"'{Shown(givenId)}' is not a UUID."));
        }

        DateTimeOffset? accessionedAt = null;
        if (Cell("accessioned_at") is { } at)
        {
            if (Instants.TryRead("accessioned_at", at, DayAlone.Start, out var parsed, out var problem)) accessionedAt = parsed;
            else problems.Add(new LineProblem(row, "accessioned_at", problem));
        }

        var dates = new List<DocumentDate>();
        foreach (var role in DateRoles.All)
        {
            var asWritten = Cell($"date_{role}");
            var edtf = Cell($"date_{role}_edtf");
            if (asWritten is null && edtf is null) continue;
            if (edtf is null) problems.Add(new LineProblem(row, $"date_{role}_edtf", $"The {role} date needs its EDTF form beside it (date_{role}_edtf), e.g. 1949-11-10, 1949? or 1949-10/1949-12."));
            else dates.Add(new DocumentDate(role, asWritten ?? edtf, edtf));
        }

        var acquisitionRole = Vocabulary.Named(Credits.AcquisitionRoles.All, Cell("acquisition_role")) ?? Cell("acquisition_role") ?? Credits.AcquisitionRoles.Obtained;
        var languages = Values("languages")?.Select(entry => Language(entry, row, problems)).OfType<Language>().ToList();
        // A full text is kept exactly as sent, its first line's indent and last line break included, as its command keeps it.
        var texts = cells.GetValueOrDefault("full_text") is { } fullText ? [FullText(fullText, Cell("full_text_language"), Cell("full_text_kind"), languages)] : (List<ImportedFullText>?)null;
        var record = new ImportedRecord
        {
            Id = id,
            AccessionNumber = Cell("accession_number"),
            AccessionedAt = accessionedAt,
            ExternalIds = Values("external_ids")?.Select(entry => ExternalId(entry, row, problems)).OfType<ExternalIdentifier>().ToList(),
            Title = Cell("title"),
            DocumentType = Cell("document_type"),
            SourceUrl = Cell("source_url"),
            SourceCitation = Cell("source_citation"),
            Dates = dates.Count > 0 ? dates : null,
            Classification = Cell("classification"),
            Creators = Values("creators")?.Select(PersonOf).ToList(),
            Participants = Values("participants")?.Select(PersonOf).ToList(),
            Summary = Cell("summary"),
            OriginalLanguages = languages,
            Provenance = Cell("citation") is { } citation ? [.. ProvenanceReading.Parse(citation)] : null,
            Translations = Values("translators") is { } translators
                ? [new ImportedTranslation(Cell("translation_language") ?? "en", translators, Cell("translation_credit") ?? $"Translated by {Joined(translators)}.")]
                : null,
            AcquisitionCredits = Values("acquired_by") is { } people
                ? [new ImportedAcquisition(acquisitionRole, people, Cell("acquisition_credit") ?? $"{Capitalised(acquisitionRole)} by {Joined(people)}.")]
                : null,
            FundingNotes = Values("funders")?.Select(funder => new ImportedFundingNote(funder, Cell("funding_note") ?? $"Made possible with support from {funder}.")).ToList(),
            Subjects = Values("subjects"),
            Places = Values("places"),
            FullTexts = texts,
            Status = Cell("status"),
        }.WithListedNames();

        var refused = Validator.Validate(record).Errors.Select(error => (Column: ColumnOf(error.PropertyName, record), Error: error)).ToList();
        // A value the row did not give but was made from another cell (the credit line from the translators, a funding
        // note from its funder) is told by that cell's own problem when it has one, not a second time in a column the
        // row left empty; alone, it is told where it is.
        var given = refused.Where(r => !string.IsNullOrEmpty(Cell(r.Column))).ToList();
        foreach (var (column, error) in given.Count > 0 ? given : refused) problems.Add(new LineProblem(row, column, InColumnTerms(error, column)));
        return problems.Count > 0 ? new SourceLine(row, null, problems, 0) : new SourceLine(row, record, [], 0);
    }

    private static ImportedFullText FullText(string text, string? language, string? kind, List<Language>? originals)
    {
        // Compared by the code a language is recorded by: a text in "rus" of a record whose original is "ru" is its original.
        var lang = language is null ? originals?.FirstOrDefault()?.Code ?? "en" : LanguageCodes.Canonical(language);
        var isOriginal = originals is null || originals.Any(l => l.Code == lang);
        return new ImportedFullText(lang, kind ?? (isOriginal ? TextKinds.Original : TextKinds.Translation), text);
    }

    /// <summary>"ru", "Russian" or "Russian (ru)".</summary>
    private static Language? Language(string entry, long row, List<LineProblem> problems)
    {
        var named = NamedCode().Match(entry);
        if (named.Success) return new Language(LanguageCodes.Canonical(named.Groups[2].Value), named.Groups[1].Value.Trim());
        if (BareCode().IsMatch(entry) && LanguageCodes.Canonical(entry) is var recorded) return new Language(recorded, ArchivePageParser.LanguageNameOf(recorded) ?? entry);
        if (ArchivePageParser.LanguageCodeOf(entry) is { } code) return new Language(code, entry);
        problems.Add(new LineProblem(row, "languages", $"'{Shown(entry)}' is neither an ISO 639 code nor a language the catalogue knows by name; write its code, or Name (code)."));
        return null;
    }

    private static ExternalIdentifier? ExternalId(string entry, long row, List<LineProblem> problems)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < entry.Length - 1) return new ExternalIdentifier(entry[..colon].Trim(), entry[(colon + 1)..].Trim());
        problems.Add(new LineProblem(row, "external_ids", $"'{Shown(entry)}' is not scheme:value (wilson-center:117886)."));
        return null;
    }

    /// <summary>"N.V. Roshchin (Soviet Ambassador)" → the name and the role.</summary>
    private static Person PersonOf(string entry)
    {
        var role = RoleInParentheses().Match(entry);
        return role.Success ? new Person(role.Groups[1].Value.Trim(), role.Groups[2].Value.Trim()) : new Person(entry);
    }

    private static string Joined(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";

    private static string Counted(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Capitalised(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>
    /// The rule's message naming the column as the header does: "'date_created_edtf' must be an EDTF date …", where the
    /// rule, written for JSON, says 'Edtf' (FluentValidation's name for the property) or 'accessionedAt' (the JSON field).
    /// </summary>
    private static string InColumnTerms(ValidationFailure error, string column)
    {
        var property = error.PropertyName[(error.PropertyName.LastIndexOfAny(['.', ']']) + 1)..];
        string?[] names = [error.FormattedMessagePlaceholderValues?.GetValueOrDefault("PropertyName") as string, JsonNamingPolicy.CamelCase.ConvertName(property)];
        foreach (var name in names)
        {
            if (name is { Length: > 0 } && error.ErrorMessage.StartsWith($"'{name}'", StringComparison.Ordinal))
                return $"'{column}'{error.ErrorMessage[(name.Length + 2)..]}";
        }

        return error.ErrorMessage;
    }

    /// <summary>What a client sent, kept short and printable in an answer.</summary>
    private static string Shown(string value) => Validation.Echoed.Shortened(value);

    /// <summary>
    /// Columns quoted for a message: each once, one without a name said so, at most <see cref="ListedColumns"/> (a header
    /// of 70,000 separators was answered with 280 KB naming the empty column 70,000 times).
    /// </summary>
    private static string Listed(IReadOnlyList<string> columns)
    {
        var named = columns.Take(ListedColumns).Select(c => c.Length == 0 ? "a column without a name" : $"'{Shown(c)}'");
        return string.Join(", ", named) + (columns.Count > ListedColumns ? $" and {columns.Count - ListedColumns} more" : "");
    }

    private const int ListedColumns = 20;

    /// <summary>
    /// The column a field of a record as JSON names it stands for — "accessionNumber" is accession_number,
    /// "fullTexts[0].text" full_text, "originalLanguages" languages — for a problem the import found past the reader;
    /// a column's own name, or a field no one column holds (dates), as it is.
    /// </summary>
    public static string ColumnOfField(string field)
    {
        var head = field.Split('.', '[')[0];
        return head switch
        {
            "dates" or "" => field,
            "originalLanguages" => "languages",
            "provenance" => "citation",
            "translations" => "translators",
            "acquisitionCredits" => "acquired_by",
            "fundingNotes" => "funders",
            "fullTexts" => "full_text",
            _ when Known.Contains(head) => head,
            _ => Underscores().Replace(SnakeCase().Replace(head, "$1_$2"), "_").ToLowerInvariant() is var column && Known.Contains(column) ? column : field,
        };
    }

    /// <summary>The column a rule of the record names: "Dates[0].Edtf" is date_…_edtf, "Translations[0].Credit" translation_credit.</summary>
    private static string ColumnOf(string property, ImportedRecord record)
    {
        var head = property.Split('.', '[')[0];
        // "Translations[0].Translators[1]" names the translators' cell (found from outside: it was named translation_credit).
        var tail = property.Contains('.', StringComparison.Ordinal) ? property[(property.LastIndexOf('.') + 1)..].Split('[')[0] : "";
        var index = DateIndex().Match(property) is { Success: true } at ? int.Parse(at.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var role = record.Dates is { } dates && index < dates.Count ? dates[index].Role : "created";
        return head switch
        {
            "Dates" => tail == "Edtf" ? $"date_{role}_edtf" : $"date_{role}",
            "Translations" => tail switch { "Translators" or "" => "translators", "Language" => "translation_language", _ => "translation_credit" },
            "AcquisitionCredits" => tail switch { "Role" => "acquisition_role", "Credit" => "acquisition_credit", _ => "acquired_by" },
            "FundingNotes" => tail == "Note" ? "funding_note" : "funders",
            "FullTexts" => tail switch { "Language" => "full_text_language", "Kind" => "full_text_kind", _ => "full_text" },
            "OriginalLanguages" => "languages",
            "Provenance" => "citation",
            _ => Underscores().Replace(SnakeCase().Replace(head, "$1_$2"), "_").ToLowerInvariant(),
        };
    }

    [GeneratedRegex(@"^Dates\[([0-9]+)\]")]
    private static partial Regex DateIndex();

    [GeneratedRegex(@"[\s\-]+")]
    private static partial Regex Underscores();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"^(.+?)\s*\(([a-zA-Z]{2,3})\)$")]
    private static partial Regex NamedCode();

    [GeneratedRegex("^[a-zA-Z]{2,3}$")]
    private static partial Regex BareCode();

    [GeneratedRegex(@"^(.+?)\s*\(([^()]+)\)$")]
    private static partial Regex RoleInParentheses();
}
