using Catalogue.Api.Hosting;
using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Observability;

public sealed record LivenessReport(string Status);

/// <summary>
/// Probes for an orchestrator: <c>/health/live</c> says the process serves HTTP (restart it when this fails);
/// <c>/health/ready</c> says it can do its work (send it traffic only when this passes).
/// </summary>
public static class HealthProbeEndpoints
{
    /// <summary>Always 200 while the process serves HTTP; deliberately touches no database, so an outage does not get the process restarted.</summary>
    [WolverineGet("/health/live")]
    public static LivenessReport Live() => new("healthy");

    /// <summary>
    /// 200 when PostgreSQL answers within two seconds, else 503 with Retry-After: the same check and report as
    /// <c>/health</c>. With a streaming replica (<see cref="CatalogueReads"/>) that answers while the primary does not,
    /// 200 <c>degraded</c>: the node still serves the reads the replica holds, and commands answer 503 themselves.
    /// </summary>
    [WolverineGet("/health/ready")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<HealthReport>(StatusCodes.Status200OK, "application/json")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<HealthReport>(StatusCodes.Status503ServiceUnavailable, "application/json")]
    public static Task<IResult> Ready(NpgsqlDataSource dataSource, CatalogueReads reads, Audit.ProjectionProgress projections, HttpContext http) =>
        DatabaseHealth.RespondAsync(dataSource, http, projections.PausedHere(), reads.FromReplica ? reads.DataSource : null);
}
