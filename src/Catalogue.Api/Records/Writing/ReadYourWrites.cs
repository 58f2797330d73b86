using Catalogue.Api.Audit;
using Catalogue.Api.Hosting;
using Catalogue.Api.Security;
using Microsoft.Extensions.Primitives;

namespace Catalogue.Api.Records.Writing;

/// <summary>
/// <c>Prefer: wait-for-projections=N</c> on a command or an import: once its events are committed, the answer waits
/// until every async read model has processed them (the record list among them), for at most N seconds (at most
/// <see cref="MaxSeconds"/>). When they have, the answer says <c>Preference-Applied: wait-for-projections=N</c>; when
/// they have not, the command still took effect and is answered as usual, with <c>Projections-Behind</c> naming the read
/// models that had not caught up. A client that reads the list right after its own change sends it; others need not
/// wait. The inline read models (the record and its texts) are current when any command answers. When those reads are
/// served by a replica (<see cref="CatalogueReads"/>), the answer also waits for it to have replayed the change, and
/// names it (<c>replica</c>) among those behind when it has not.
/// </summary>
public static class ReadYourWrites
{
    public const string Preference = "wait-for-projections";
    public const string AppliedHeader = "Preference-Applied";
    public const string BehindHeader = "Projections-Behind";
    public const int MaxSeconds = 30;

    /// <summary>Middleware: honours the preference on commands and imports (the endpoints under the catalogue policy).</summary>
    public static Task HonourAsync(HttpContext http, RequestDelegate next)
    {
        if (HttpMethods.IsPost(http.Request.Method) && Requested(http.Request.Headers["Prefer"]) is { } seconds && IsCommand(http))
        {
            // Just before the answer's headers go out: by then the command has committed whatever it appended.
            http.Response.OnStarting(() => WaitAsync(http, seconds));
        }

        return next(http);
    }

    /// <summary>
    /// The seconds asked for, whole or with a fraction ("1.5"), at most <see cref="MaxSeconds"/>; null when the preference
    /// is absent or unreadable (RFC 7240 ignores those).
    /// </summary>
    public static decimal? Requested(StringValues prefer)
    {
        foreach (var preference in prefer.SelectMany(v => (v ?? "").Split(',')))
        {
            var token = preference.Split(';')[0].Trim();
            var equals = token.IndexOf('=');
            if (equals < 0 || !token[..equals].Trim().Equals(Preference, StringComparison.OrdinalIgnoreCase)) continue;
            var value = token[(equals + 1)..].Trim().Trim('"');
            if (!IsSeconds(value)) return null;
            return decimal.TryParse(value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? Math.Min(seconds, MaxSeconds)
                : MaxSeconds;
        }

        return null;
    }

    /// <summary>Digits, then a point and digits or nothing: "5", "1.5"; not "1e3", "+5", ".5" or "5.".</summary>
    private static bool IsSeconds(string value)
    {
        var point = value.IndexOf('.');
        var whole = point < 0 ? value : value[..point];
        var fraction = point < 0 ? "0" : value[(point + 1)..];
        return whole.Length > 0 && fraction.Length > 0 && whole.All(char.IsAsciiDigit) && fraction.All(char.IsAsciiDigit);
    }

    private static bool IsCommand(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
        && EndpointAccess.PolicyFor(HttpMethods.Post, "/" + route.TrimStart('/')) == Policies.Catalogue;

    private static async Task WaitAsync(HttpContext http, decimal seconds)
    {
        if (http.Response.StatusCode is < 200 or > 299) return;
        var services = http.RequestServices;
        var progress = services.GetRequiredService<ProjectionProgress>();
        IReadOnlyList<string> behind;
        try
        {
            var within = TimeSpan.FromSeconds((double)seconds);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var sequence = await progress.LastCommittedSequenceAsync(http.RequestAborted);
            behind = await progress.WaitForAsync(sequence, within, http.RequestAborted);
            // The list, search and the other async reads may be served by a replica: it must have replayed them too.
            var left = within - waited.Elapsed;
            if (behind.Count == 0 && !await services.GetRequiredService<CatalogueReads>().WaitForPrimaryAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, http.RequestAborted))
                behind = [CatalogueReads.ReplicaName];
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // The command has taken effect; only the wait could not be made. Say so rather than fail its answer.
            services.GetRequiredService<ILogger<ProjectionProgress>>().LogWarning(ex, "Could not wait for the async read models after a command");
            behind = [.. services.GetRequiredService<CatalogueStoreConfiguration>().AsyncReadModels.Select(r => r.Name)];
        }

        if (behind.Count == 0)
            http.Response.Headers[AppliedHeader] = $"{Preference}={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        else
            http.Response.Headers[BehindHeader] = string.Join(", ", behind);
    }
}
