using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Hosting;

/// <param name="Status">
/// <c>healthy</c>, <c>unhealthy</c>, or <c>degraded</c>: the primary is down and the replica serves the reads, or an
/// async read model has stopped (<see cref="Paused"/>).
/// </param>
public sealed record HealthReport(string Status, DatabaseHealthReport Database)
{
    /// <summary>The streaming replica the reads go to, when there is one and the primary is down; else left out.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DatabaseHealthReport? Replica { get; init; }

    /// <summary>
    /// The async read models and subscriptions the async daemon of this node has paused at an event it failed to process
    /// (it retries them; GET /api/projections says how far behind they are); left out when none is. Commands and the
    /// inline record still answer, so the node stays ready; search, lists and the rest stand still until they run again.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Paused { get; init; }
}

public sealed record DatabaseHealthReport(string Status, string? ServerVersion, string? Error);

/// <summary>Whether PostgreSQL answers within two seconds: the one check behind <c>/health</c> and <c>/health/ready</c>.</summary>
public static class DatabaseHealth
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<HealthReport> CheckAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return new HealthReport("healthy", new DatabaseHealthReport("up", connection.PostgreSqlVersion.ToString(), null));
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return new HealthReport("unhealthy", new DatabaseHealthReport("down", null, "PostgreSQL is not reachable."));
        }
    }

    /// <summary>
    /// 200 with the report, or 503 with Retry-After when the database does not answer — unless a
    /// <paramref name="replica"/> is given and answers: then 200, <c>degraded</c>, for the reads it serves.
    /// </summary>
    public static async Task<IResult> RespondAsync(NpgsqlDataSource dataSource, HttpContext http, IReadOnlyList<string> paused, NpgsqlDataSource? replica = null)
    {
        var report = await CheckAsync(dataSource, http.RequestAborted);
        // A read model stopped at an event stops search, lists and harvests with no error in any answer: monitoring sees it here.
        if (paused.Count > 0) report = report with { Status = report.Status == "healthy" ? "degraded" : report.Status, Paused = paused };
        if (report.Database.Status == "up") return Results.Ok(report);
        if (replica is not null && (await CheckAsync(replica, http.RequestAborted)).Database is { Status: "up" } serving)
            return Results.Ok(report with { Status = "degraded", Replica = serving });

        http.Response.Headers.RetryAfter = CatalogueExceptionHandler.RetryAfterSeconds;
        return Results.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

public static class DatabaseHealthEndpoint
{
    /// <summary>Healthy when PostgreSQL answers within two seconds; 503 otherwise, saying what is wrong.</summary>
    [WolverineGet("/health")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<HealthReport>(StatusCodes.Status200OK, "application/json")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<HealthReport>(StatusCodes.Status503ServiceUnavailable, "application/json")]
    public static Task<IResult> Get(NpgsqlDataSource dataSource, Audit.ProjectionProgress projections, HttpContext http) =>
        DatabaseHealth.RespondAsync(dataSource, http, projections.PausedHere());
}
