using Wolverine.Http;

namespace Catalogue.Api.Audit;

public static class ReadModelEndpoints
{
    /// <summary>Rebuilds every read model from the events.</summary>
    [WolverinePost("/api/admin/projections/rebuild")]
    public static async Task<IResult> Rebuild(ReadModelMaintenance maintenance, HttpContext http) =>
        Results.Ok(new { rebuilt = await maintenance.RebuildAsync(progress: null, http.RequestAborted) });

    /// <summary>Rebuilds the read models into a scratch schema and compares them with the live ones, document by document.</summary>
    [WolverineGet("/api/audit/verify-projections")]
    public static async Task<ProjectionCheck> Verify(ReadModelMaintenance maintenance, HttpContext http) =>
        await maintenance.VerifyAsync(progress: null, http.RequestAborted);
}
