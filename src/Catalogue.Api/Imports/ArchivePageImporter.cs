using System.Security.Cryptography;
using System.Text;
using Catalogue.Api.Credits;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Records.Writing.Idempotency;
using FluentValidation;
using Marten;

namespace Catalogue.Api.Imports;

public enum ImportStatus
{
    Created,
    Updated,
    Unchanged,
    Rejected,
    Conflict,
}

/// <param name="Warnings">What the page says that the record does not take from it, or keeps only as written (<see cref="ArchivePage.Warnings"/>).</param>
public sealed record ImportOutcome(
    ImportStatus Status, Guid? RecordId, long? Version, IReadOnlyList<string> Changes, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings)
{
    /// <summary>What the page replaced that an archivist had corrected since the record was last imported.</summary>
    public IReadOnlyList<OverwrittenCorrection> Overwritten { get; init; } = [];

    /// <summary>The record's version before the page changed it (0 for a record it created): each change is one event.</summary>
    public long? VersionBefore => Status == ImportStatus.Created ? 0 : Version - Changes.Count;

    public string Describe(string file) => Status switch
    {
        ImportStatus.Created => $"{file}: created record {RecordId} at version {Version} ({string.Join(", ", Changes)}){WarningLines()}",
        ImportStatus.Updated => $"{file}: updated record {RecordId} to version {Version} ({string.Join(", ", Changes)}){OverwrittenLines()}{WarningLines()}",
        ImportStatus.Unchanged => $"{file}: record {RecordId} unchanged at version {Version}{WarningLines()}",
        _ => $"{file}: not imported: {string.Join("; ", Problems)}",
    };

    private string OverwrittenLines() => string.Concat(Overwritten.Select(o =>
        $"{Environment.NewLine}  overwrote: {o.Field}, corrected by {o.Correction.Actor} at version {o.Correction.Version} ({o.Correction.Type}, {o.Correction.Timestamp:O}){(o.Correction.Reason is null ? "" : $": {o.Correction.Reason}")}"));

    private string WarningLines() => string.Concat(Warnings.Select(warning => $"{Environment.NewLine}  warning: {warning}"));
}

/// <summary>
/// Turns an archive page into a catalogue record through the same commands and decisions archivists use.
/// The record's id is derived from the archive's document id, so a page imported twice lands on the same
/// stream. A re-import changes only what the page itself has changed since it was last imported: what archivists
/// corrected, removed or withdrew in between stays as they left it, unless the page now says something new there.
/// </summary>
public sealed class ArchivePageImporter(
    IDocumentSession session, RecordWriter writer, AccessionNumbers accessionNumbers, RecordEventNames eventNames, TimeProvider clock)
{
    public const string WilsonCenterScheme = "wilson-center";

    /// <summary>The sources that imports give their events: one page or a batch over HTTP, or the <c>import</c> verb.</summary>
    public const string HttpSourcePrefix = "http POST /api/imports";
    public const string CliSourcePrefix = "cli import ";

    /// <remarks>The HTTP source holds the path as the client wrote it, and routes match regardless of case.</remarks>
    public static bool IsImportSource(string? source) =>
        source is not null &&
        (source.StartsWith(HttpSourcePrefix, StringComparison.OrdinalIgnoreCase) || source.StartsWith(CliSourcePrefix, StringComparison.Ordinal));

    /// <summary>
    /// Whether an event was written by an import of pages — one page, a batch of pages, the <c>import</c> verb — rather
    /// than by a JSON-lines or CSV batch or a batch's revert, which also post under <c>/api/imports</c>: a page is
    /// measured against what the last import of a page made of the record (<see cref="AsLastImported"/>).
    /// </summary>
    /// <remarks>The path as the client wrote it: in any case, with a slash at its end or none (routes match either).</remarks>
    public static bool IsPageImportSource(string? source)
    {
        if (source is null) return false;
        if (source.StartsWith(CliSourcePrefix, StringComparison.Ordinal)) return true;
        if (!source.StartsWith("http POST ", StringComparison.Ordinal)) return false;
        var path = source["http POST ".Length..].Split(' ', 2)[0].TrimEnd('/');
        return path.Equals(ImportEndpoint.Route, StringComparison.OrdinalIgnoreCase) || path.Equals(ImportBatchEndpoint.Route, StringComparison.OrdinalIgnoreCase);
    }

    /// <param name="keep">
    /// Under an Idempotency-Key: the response document to keep for an outcome, stored in the same transaction as the
    /// events. Only created and updated records are kept here; the caller keeps an unchanged one itself.
    /// </param>
    /// <param name="alongside">
    /// Told of a created or updated record's outcome before it is written, with the session that writes it: what it
    /// stores there commits with the events, or not at all (a batch's account of what its pages did).
    /// </param>
    public async Task<ImportOutcome> ImportAsync(
        string pageText, ChangeContext context, CancellationToken ct, Func<ImportOutcome, IdempotentResponse?>? keep = null,
        Action<ImportOutcome, IDocumentSession>? alongside = null)
    {
        var parsed = ArchivePageParser.Parse(pageText);
        if (parsed.Page is not { } page) return Rejected(parsed.Problems, []);

        var id = RecordIdFor(WilsonCenterScheme, page.DocumentId);
        var stream = await session.Events.FetchForWriting<CatalogueRecord>(id, ct);
        var existing = stream.Aggregate;

        var events = new List<IRecordEvent>();
        CatalogueRecord? record = existing;
        if (record is null)
        {
            var accession = new AccessionRecord(page.Title, null, [new ExternalIdentifier(WilsonCenterScheme, page.DocumentId)], page.SourceUrl, page.DocumentType);
            var problems = Problems(accession, new AccessionRecord.Validator());
            if (problems.Count > 0) return Rejected(problems, page.Warnings);

            var now = clock.GetUtcNow();
            var accessioned = accession.ToEvent(id, await accessionNumbers.NextAsync(now, ct), now);
            events.Add(accessioned);
            record = RecordEvolution.Apply(null, accessioned, 1)!;
        }

        var history = existing is null ? [] : (await session.Events.FetchStreamAsync(id, token: ct)).Select(History.RecordEvent.Of).ToList();
        var lastImported = AsLastImported(history);
        var reason = existing is null ? null : $"Re-imported from {page.SourceUrl}: the page has changed since it was last imported.";
        var refusals = new List<string>();
        foreach (var step in Steps(page, reason))
        {
            // The page still says here what it said when it was last imported: whatever the record says now is an
            // archivist's later word, and the page has nothing new to set against it.
            if (lastImported is not null && step(lastImported) is { Refusal: null, Events.Count: 0 }) continue;

            var decision = step(record);
            if (decision.Refusal is not null)
            {
                refusals.Add(decision.Refusal.Detail ?? decision.Refusal.Title ?? "refused");
                continue;
            }

            record = RecordEvolution.Fold(record, decision.Events)!;
            events.AddRange(decision.Events);
        }

        if (refusals.Count > 0) return Rejected(refusals, page.Warnings);
        var changes = events.Select(eventNames.Of).ToList();

        if (existing is null)
        {
            var created = new ImportOutcome(ImportStatus.Created, id, events.Count, changes, [], page.Warnings);
            alongside?.Invoke(created, session);
            var problem = await writer.TryStart(context, id, events, ct, keep?.Invoke(created));
            return problem switch
            {
                null => created,
                // What the page says is more than a record holds: importing it again would say the same.
                { Status: StatusCodes.Status422UnprocessableEntity } => new ImportOutcome(ImportStatus.Rejected, id, null, [], [problem.Detail ?? problem.Title ?? "refused"], page.Warnings),
                _ => new ImportOutcome(ImportStatus.Conflict, id, null, [], [$"{problem.Detail ?? problem.Title} Import the page again: it is then read against what the catalogue holds now."], page.Warnings),
            };
        }

        if (events.Count == 0) return new ImportOutcome(ImportStatus.Unchanged, id, existing.Version, [], [], page.Warnings);

        var updated = new ImportOutcome(ImportStatus.Updated, id, existing.Version + events.Count, changes, [], page.Warnings)
        {
            Overwritten = OverwrittenCorrections.Find(history, OverwrittenCorrections.LastImported(history), events),
        };
        alongside?.Invoke(updated, session);
        return await writer.TryAppend(context.WithReason(reason), existing, events, ct, keep?.Invoke(updated)) switch
        {
            null => updated,
            { Status: StatusCodes.Status409Conflict } => new ImportOutcome(ImportStatus.Conflict, id, null, [], ["The record changed while it was being imported; import again."], page.Warnings),
            var refused => new ImportOutcome(ImportStatus.Rejected, id, existing.Version, [], [refused.Detail ?? refused.Title ?? "refused"], page.Warnings),
        };
    }

    /// <summary>The record as the last import of a page left it, or null when no import of a page ever wrote to it.</summary>
    private static CatalogueRecord? AsLastImported(IReadOnlyList<History.RecordEvent> events)
    {
        var last = events.LastOrDefault(e => IsPageImportSource(e.Header(ChangeContext.SourceKey)));
        return last is null ? null : Audit.RecordReplay.Fold(events.TakeWhile(e => e.Version <= last.Version));
    }

    /// <summary>Imports one page of a batch in a scope, so a session, of its own: each page commits or fails alone.</summary>
    public static async Task<ImportOutcome> ImportInOwnScopeAsync(
        IServiceScopeFactory scopes, string pageText, ChangeContext context, CancellationToken ct, Action<ImportOutcome, IDocumentSession>? alongside = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArchivePageImporter>().ImportAsync(pageText, context, ct, alongside: alongside);
    }

    /// <summary>A stable id for the record of an external document (a name-based UUID, RFC 9562 version 5).</summary>
    public static Guid RecordIdFor(string scheme, string value)
    {
        var name = Encoding.UTF8.GetBytes($"{scheme}:{value}");
        var input = new byte[CatalogueNamespace.Length + name.Length];
        CatalogueNamespace.CopyTo(input, 0);
        name.CopyTo(input, CatalogueNamespace.Length);
        var hash = SHA1.HashData(input);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private static readonly byte[] CatalogueNamespace = Guid.Parse("0f6d1c52-7a43-4a8e-9a43-6c0c8a1f2b11").ToByteArray(bigEndian: true);

    /// <summary>Each step is one archivist command, validated as if sent over HTTP, then decided against the record so far.</summary>
    private static IEnumerable<Func<CatalogueRecord, Decision>> Steps(ArchivePage page, string? reason)
    {
        yield return r => Checked(new ReviseTitle(page.Title, Reason: reason), new ReviseTitle.Validator(), c => ReviseTitleEndpoint.Decide(c, r));

        // What the accession took from the page: a page that now says otherwise (a title naming another kind of
        // document, the archive's new address) corrects them as it corrects the title. The external identifier is the
        // page's document id, which names the record itself: a page with another id is another record.
        yield return r => Checked(new ReviseDocumentType(page.DocumentType, Reason: reason), new ReviseDocumentType.Validator(), c => ReviseDocumentTypeEndpoint.Decide(c, r));
        yield return r => Checked(new ReviseSourceUrl(page.SourceUrl, Reason: reason), new ReviseSourceUrl.Validator(), c => ReviseSourceUrlEndpoint.Decide(c, r));

        yield return r => Checked(new RecordSourceCitation(page.FullCitation, Reason: reason), new RecordSourceCitation.Validator(), c => RecordSourceCitationEndpoint.Decide(c, r));

        foreach (var date in page.Dates)
        {
            yield return r => Checked(new RecordDate(date.Role, date.AsWritten, date.Edtf, Reason: reason), new RecordDate.Validator(), c => RecordDateEndpoint.Decide(c, r));
        }

        if (page.Classification is not null)
        {
            yield return r => Checked(new RecordClassification(page.Classification, Reason: reason), new RecordClassification.Validator(), c => RecordClassificationEndpoint.Decide(c, r));
        }

        if (page.Creators.Count > 0)
        {
            yield return r => Checked(new RecordCreators(page.Creators, Reason: reason), new RecordCreators.Validator(), c => RecordPeopleEndpoints.Decide(c, r));
        }

        if (page.Participants.Count > 0)
        {
            yield return r => Checked(new RecordParticipants(page.Participants, Reason: reason), new RecordParticipants.Validator(), c => RecordPeopleEndpoints.Decide(c, r));
        }

        if (page.Summary is not null)
        {
            yield return r => Checked(new ReviseSummary(page.Summary, Reason: reason), new ReviseSummary.Validator(), c => ReviseSummaryEndpoint.Decide(c, r));
        }

        if (page.OriginalLanguages.Count > 0)
        {
            yield return r => Checked(new RecordOriginalLanguages(page.OriginalLanguages, Reason: reason), new RecordOriginalLanguages.Validator(), c => RecordOriginalLanguagesEndpoint.Decide(c, r));
        }

        if (page.ArchiveCitation is { } archiveCitation)
        {
            yield return r => ProvenanceStep(archiveCitation, r, reason);
        }

        foreach (var translation in page.Translations)
        {
            yield return r => TranslationStep(translation, r, reason);
        }

        foreach (var acquisition in page.Acquisitions)
        {
            yield return r => Checked(new CreditAcquisition(acquisition.Role, acquisition.People, acquisition.Credit, Reason: reason), new CreditAcquisition.Validator(),
                c => CreditAcquisitionEndpoint.Decide(c, r));
        }

        foreach (var funding in page.Funding)
        {
            yield return r => Checked(new AddFundingNote(funding.Funder, funding.Note), new AddFundingNote.Validator(), c => FundingNoteEndpoints.Decide(c, r));
        }

        if (page.FullText is { } text)
        {
            yield return r => Checked(new AttachFullText(text.Text, text.Language, text.Kind, Reason: reason), new AttachFullText.Validator(), c => AttachFullTextEndpoint.Decide(c, r));
        }
    }

    /// <summary>
    /// The page's archive citation is read on the server like any citation. On re-import a citation the record already
    /// carries, word for word, has nothing new to say: the words are the page's, but the reading of them (fond, folios…)
    /// is the catalogue's, and an archivist may have refined it since ("ll. 81-85" checked against the scan as
    /// 81-85ob). A changed citation that still names one reference corrects the single reference the page gave before;
    /// otherwise what is new is recorded.
    /// </summary>
    private static Decision ProvenanceStep(string archiveCitation, CatalogueRecord record, string? reason)
    {
        if (reason is not null && record.Provenance.Any(p => p.Citation == archiveCitation)) return Decision.Nothing;

        var recording = new RecordProvenance(archiveCitation);
        var earlier = record.Provenance.Count == 1 ? record.Provenance[0] : null;
        if (earlier is null || reason is null || earlier.Citation == archiveCitation || ProvenanceReading.Read(recording).Count != 1)
            return Checked(recording, new RecordProvenance.Validator(), c => RecordProvenanceEndpoint.Decide(c, record));

        return Checked(new CorrectProvenance(reason, archiveCitation), new CorrectProvenance.Validator(), c => CorrectProvenanceEndpoint.Decide(earlier.Number, c, record));
    }

    /// <summary>On re-import a changed credit for a language already credited corrects that credit rather than adding another.</summary>
    private static Decision TranslationStep(PageTranslation translation, CatalogueRecord record, string? reason)
    {
        var earlier = record.Translations.FirstOrDefault(t => t.Language == translation.Language);
        if (earlier is null || reason is null)
        {
            return Checked(new CreditTranslation(translation.Language, translation.Translators, translation.Credit), new CreditTranslation.Validator(),
                c => CreditTranslationEndpoint.Decide(c, record));
        }

        return Checked(new CorrectTranslationCredit(reason, translation.Language, translation.Translators, translation.Credit), new CorrectTranslationCredit.Validator(),
            c => CorrectTranslationCreditEndpoint.Decide(earlier.Number, c, record));
    }

    private static Decision Checked<T>(T command, IValidator<T> validator, Func<T, Decision> decide)
    {
        var problems = Problems(command, validator);
        return problems.Count == 0
            ? decide(command)
            : Decision.Refuse("The page does not make a valid record", $"{typeof(T).Name}: {string.Join(" ", problems)}");
    }

    private static List<string> Problems<T>(T command, IValidator<T> validator) =>
        validator.Validate(command).Errors.Select(e => $"{Validation.RequestValidation.ToCamelCasePath(e.PropertyName)}: {e.ErrorMessage}").ToList();

    private static ImportOutcome Rejected(IReadOnlyList<string> problems, IReadOnlyList<string> warnings) => new(ImportStatus.Rejected, null, null, [], problems, warnings);
}
