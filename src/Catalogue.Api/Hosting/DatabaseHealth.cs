using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Hosting;

public sealed record HealthReport(string Status, DatabaseHealthReport Database);

public sealed record DatabaseHealthReport(string Status, string? ServerVersion, string? Error);

public static class DatabaseHealthEndpoint
{
    /// <summary>Healthy when PostgreSQL answers within two seconds; 503 otherwise, saying what is wrong.</summary>
    [WolverineGet("/health")]
    public static async Task<IResult> Get(NpgsqlDataSource dataSource, HttpContext http)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return Results.Ok(new HealthReport("healthy", new DatabaseHealthReport("up", connection.PostgreSqlVersion.ToString(), null)));
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            http.Response.Headers.RetryAfter = "5";
            return Results.Json(
                new HealthReport("unhealthy", new DatabaseHealthReport("down", null, "PostgreSQL is not reachable.")),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
