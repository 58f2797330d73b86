using Npgsql;
using Weasel.Postgresql;

namespace Catalogue.Api.Records;

/// <summary>Hands out accession numbers such as "CAT-2026-000042" from a PostgreSQL sequence, so they never repeat.</summary>
public sealed partial class AccessionNumbers(NpgsqlDataSource dataSource)
{
    public const string Prefix = "CAT";
    public static readonly PostgresqlObjectName SequenceName = new(CatalogueSchema.Name, "accession_number_seq", SchemaUtils.IdentifierUsage.General);

    public async Task<string> NextAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select nextval('{SequenceName.QualifiedName}')");
        var next = (long)(await command.ExecuteScalarAsync(ct))!;
        return Format(now, next);
    }

    /// <summary>
    /// <paramref name="count"/> numbers drawn at once, in ascending order: records accessioned together in that order
    /// get numbers in that order.
    /// </summary>
    public async Task<IReadOnlyList<string>> NextAsync(DateTimeOffset now, int count, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select nextval('{SequenceName.QualifiedName}') from generate_series(1, $1) order by 1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var numbers = new List<string>(count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) numbers.Add(Format(now, reader.GetInt64(0)));
        return numbers;
    }

    private static string Format(DateTimeOffset now, long next) => $"{Prefix}-{now.Year:D4}-{next:D6}";

    /// <summary>The sequence's number in an accession number of the catalogue's own form ("CAT-2026-000042" → 42), else null.</summary>
    public static long? SequenceNumberOf(string accessionNumber) =>
        OwnForm().Match(accessionNumber) is { Success: true } own
        && long.TryParse(own.Groups[1].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>
    /// An accession number typed by hand as the catalogue keeps it: trimmed, and one of the catalogue's own form in any
    /// letter case ("cat-2026-000042") written as the form is ("CAT-2026-000042") — kept as typed, it would be a second
    /// record's number beside the one the sequence hands out. Other numbers are kept, and told apart, as typed.
    /// </summary>
    public static string AsKept(string typed)
    {
        var trimmed = typed.Trim();
        return OwnForm().IsMatch(trimmed) ? trimmed.ToUpperInvariant() : trimmed;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^CAT-[0-9]{4}-([0-9]{1,18})$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex OwnForm();

    /// <summary>Moves the sequence past the number of an accession number of the catalogue's own form; nothing for another form.</summary>
    public async Task AdvancePastAsync(string accessionNumber, CancellationToken ct)
    {
        if (SequenceNumberOf(accessionNumber) is not { } number) return;
        await using var advance = dataSource.CreateCommand(AdvancePastSql);
        advance.Parameters.AddWithValue("highest", number);
        await advance.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Moves the sequence past <c>@highest</c> (a number accession numbers brought in from elsewhere already use), so that the
    /// next number drawn is not one of theirs; never back.
    /// </summary>
    public static readonly string AdvancePastSql =
        $"SELECT setval('{SequenceName.QualifiedName}', GREATEST(@highest, (SELECT last_value FROM {SequenceName.QualifiedName})))";
}

public static class CatalogueSchema
{
    public const string Name = "catalogue";
}
