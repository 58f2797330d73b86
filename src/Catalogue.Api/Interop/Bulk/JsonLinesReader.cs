using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Catalogue.Api.Hosting;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// Reads JSON lines as they stream in, one record a line (blank lines are passed over, a byte-order mark at the start
/// too), each read and checked as it arrives: only the line in hand is held, however long the input. A line that is
/// not a record — not JSON, not UTF-8, too long, or a record that breaks a rule — comes out with its problems.
/// </summary>
public static class JsonLinesReader
{
    /// <summary>
    /// A line may hold the largest record an export writes: its full texts (at most <see cref="Records.RecordCapacity.FullTextBytes"/>
    /// of UTF-8 together, twice that if every byte were a quote, backslash or line break JSON escapes) and the rest of it.
    /// The line in hand is held in memory whole, so this is also what one line may cost.
    /// </summary>
    public const int MaxLineBytes = 48 * 1024 * 1024;

    // A member given twice is refused, as a command's is: which of its values was meant would be a guess.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false, NumberHandling = JsonNumberHandling.Strict, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private static readonly JsonSerializerOptions DuplicatesPassed = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };
    private static readonly ImportedRecord.Validator Validator = new();

    /// <summary>What a line may hold: a record as an import reads it, and as an export writes it (its version, its entries' numbers).</summary>
    private static readonly JsonTypeInfo[] RecordShapes = [Options.GetTypeInfo(typeof(ImportedRecord)), Options.GetTypeInfo(typeof(Records.CatalogueRecord))];

    public static IAsyncEnumerable<SourceLine> ReadAsync(Stream input, CancellationToken ct) => ReadAsync(input, null, ct);

    /// <param name="room">
    /// Where a line past <see cref="LargePayloads.Threshold"/> waits for room before it is read further (the room then
    /// goes with the line: <see cref="SourceLine.Hold"/>); null to read every line at once.
    /// </param>
    public static async IAsyncEnumerable<SourceLine> ReadAsync(Stream input, LargePayloads? room, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        long number = 0, consumedBytes = 0;
        var skippingLongLine = false;
        var held = new LineRoom(room);
        using var digest = new InputDigest();
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    consumedBytes += line.Length + 1;
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    number++;
                    if (skippingLongLine || line.Length > MaxLineBytes)
                    {
                        // Let go by, or come whole with its end in one read: too long either way.
                        skippingLongLine = false;
                        held.Release();
                        yield return TooLong(number, consumedBytes, digest);
                        continue;
                    }

                    await held.GrowAsync(line.Length, ct);
                    if (Read(number, line, consumedBytes, digest) is { } parsed) yield return parsed with { Hold = held.Take() };
                    else held.Release();
                }

                // A line still coming in waits for room as it grows, before more of it is read.
                if (!skippingLongLine) await held.GrowAsync(buffer.Length, ct);
                if (buffer.Length > MaxLineBytes)
                {
                    // Past the limit with no end of line in sight: let it go by rather than hold it.
                    consumedBytes += buffer.Length;
                    skippingLongLine = true;
                    held.Release();
                    reader.AdvanceTo(buffer.End);
                }
                else
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (read.IsCompleted)
                {
                    if (skippingLongLine) yield return TooLong(++number, consumedBytes, digest);
                    else if (!buffer.IsEmpty && Read(++number, buffer, consumedBytes + buffer.Length, digest) is { } last) yield return last with { Hold = held.Take() };
                    yield break;
                }
            }
        }
        finally
        {
            held.Release();
            await reader.CompleteAsync();
        }
    }

    /// <summary>
    /// The room the line in hand holds among the large payloads: none while it is small, room for 8 MiB once past the
    /// threshold, and all the room there is once past that (how long it will grow is not known until its end). Room is
    /// let go of before more is waited for, so two lines each holding some never wait for each other.
    /// </summary>
    private sealed class LineRoom(LargePayloads? room)
    {
        private const long FirstStep = 8 * 1024 * 1024;

        private IDisposable? hold;
        private long heldFor;

        public async ValueTask GrowAsync(long bytes, CancellationToken ct)
        {
            if (room is null || bytes <= LargePayloads.Threshold || bytes <= heldFor) return;
            var wanted = bytes <= FirstStep ? FirstStep : MaxLineBytes;
            Release();
            hold = await room.EnterAsync(wanted, wait: null, ct);
            heldFor = wanted;
        }

        public IDisposable? Take()
        {
            var taken = hold;
            hold = null;
            heldFor = 0;
            return taken;
        }

        public void Release() => Take()?.Dispose();
    }

    /// <summary>A line too long to hold, digested as such: what it held is never read.</summary>
    private static SourceLine TooLong(long number, long bytes, InputDigest digest)
    {
        digest.EndLine();
        return new SourceLine(number, null, [new LineProblem(number, "", $"The line is longer than {MaxLineBytes:N0} bytes, the most one record may take.")], bytes)
        {
            InputDigest = digest.Current,
        };
    }

    /// <returns>The line read, or null for a blank line.</returns>
    private static SourceLine? Read(long number, ReadOnlySequence<byte> bytes, long consumed, InputDigest digest)
    {
        var span = bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
        if (number == 1 && span.StartsWith("\uFEFF"u8)) span = span[3..];
        if (span.EndsWith("\r"u8)) span = span[..^1];
        digest.Add(span);
        digest.EndLine();
        if (span.Trim(" \t"u8).IsEmpty) return null;
        return ReadRecord(number, span, consumed) with { InputDigest = digest.Current };
    }

    private static SourceLine ReadRecord(long number, ReadOnlySpan<byte> span, long consumed)
    {
        // Told as what it is, as a command's body is: the serializer would name the field the byte is in as holding half a
        // surrogate pair, or pass it by in a member it reads past.
        if (JsonBodyErrors.NotUtf8(span, oneLineOfMany: true) is { } notUtf8)
            return new SourceLine(number, null, [new LineProblem(number, "", $"The line {notUtf8.Message} Send the file saved as UTF-8.")], consumed);

        ImportedRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<ImportedRecord>(span, Options);
        }
        catch (JsonException ex)
        {
            return new SourceLine(number, null, Unreadable(number, span, ex), consumed);
        }

        if (record is null) return new SourceLine(number, null, [new LineProblem(number, "", "The line is null, not a record: send one JSON object a line.")], consumed);

        record = record.WithListedNames();
        var readPast = ReadPast(number, span);
        var result = Validator.Validate(record);
        if (result.IsValid) return new SourceLine(number, record, [], consumed) { ReadPast = readPast };
        return new SourceLine(
            number, null, result.Errors.Select(e => new LineProblem(number, Validation.RequestValidation.ToCamelCasePath(e.PropertyName), e.ErrorMessage)).ToList(), consumed)
        {
            ReadPast = readPast,
        };
    }

    /// <summary>
    /// The members of a line that no record takes — neither as an import reads it nor as an export writes it — each
    /// named at its path: they are read past (another system's export may carry its own), but a misspelt <c>sumary</c>
    /// or <c>folio</c> would otherwise be lost without a word.
    /// </summary>
    private static List<LineProblem> ReadPast(long number, ReadOnlySpan<byte> line)
    {
        var found = new List<LineProblem>();
        var reader = new Utf8JsonReader(line);
        using var document = JsonDocument.ParseValue(ref reader);
        Walk(document.RootElement, RecordShapes, "", number, found);
        return found;
    }

    private static void Walk(JsonElement value, IReadOnlyList<JsonTypeInfo> shapes, string path, long number, List<LineProblem> found)
    {
        if (value.ValueKind == JsonValueKind.Object && shapes.Where(s => s.Kind == JsonTypeInfoKind.Object).ToList() is { Count: > 0 } objects)
        {
            foreach (var member in value.EnumerateObject())
            {
                if (found.Count >= JsonBodyErrors.MostRefusalsTold) return;
                // The serializer refuses a line whose name holds half a surrogate pair before this; it is never a 500 here either.
                var name = JsonBodyErrors.NameOf(member) ?? "\\uFFFD";
                var field = JsonBodyErrors.Member(path, name);
                // Named as a problem names a value: a name of a million characters, kept and answered whole (twice a
                // member, for 1,000 members), made a batch's status larger than PostgreSQL stores.
                var shown = Validation.Echoed.Shortened(field);
                var taken = objects.Select(o => JsonBodyErrors.PropertyNamed(o, name, Options)).OfType<JsonPropertyInfo>().ToList();
                if (taken.Count > 0)
                {
                    Walk(member.Value, [.. taken.Select(p => Options.GetTypeInfo(p.PropertyType))], field, number, found);
                    continue;
                }

                var fields = string.Join(", ", objects[0].Properties.Select(p => p.Name).Order(StringComparer.Ordinal));
                var where = path.Length == 0 ? "a record" : $"'{Validation.Echoed.Shortened(path)}'";
                found.Add(new LineProblem(number, shown,
                    $"'{shown}' is not a field of {where}, so it was read past (another system's own field, or a misspelling?). The fields are: {fields}."));
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var elements = shapes.Where(s => s is { Kind: JsonTypeInfoKind.Enumerable, ElementType: not null }).Select(s => Options.GetTypeInfo(s.ElementType!)).ToList();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (found.Count >= JsonBodyErrors.MostRefusalsTold) return;
                Walk(item, elements, $"{path}[{index++}]", number, found);
            }
        }
    }

    /// <summary>
    /// What is wrong with a line the serializer refused, as a command's body is answered (the field and what its value
    /// must be), never in the serializer's own words, which name the .NET type it could not fill.
    /// </summary>
    private static List<LineProblem> Unreadable(long number, ReadOnlySpan<byte> line, JsonException refusal) =>
        JsonBodyErrors.Refusals<ImportedRecord>(line, refusal, Options, DuplicatesPassed, whole: "this record", oneLineOfMany: true)
            .Select(r => r.Field == JsonBodyErrors.Body
                ? new LineProblem(number, FieldOf(refusal.Path), $"The line {r.Message}")
                : new LineProblem(number, r.Field, $"'{r.Field}' {r.Message}"))
            .ToList();

    /// <summary>"$.dates[0].edtf" → "dates[0].edtf"; "" for the line as a whole.</summary>
    private static string FieldOf(string? path) => path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
