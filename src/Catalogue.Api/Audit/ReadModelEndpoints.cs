using Catalogue.Api.Records.Writing;
using Catalogue.Api.Security;
using Wolverine.Http;

namespace Catalogue.Api.Audit;

public static class ReadModelEndpoints
{
    /// <summary>Rebuilds every read model from the events; 409 while another rebuild or check runs.</summary>
    [WolverinePost("/api/admin/projections/rebuild")]
    public static async Task<IResult> Rebuild(ReadModelMaintenance maintenance, HttpContext http)
    {
        try
        {
            return Results.Ok(new { rebuilt = await maintenance.RebuildAsync(ActorOf(http), progress: null, http.RequestAborted) });
        }
        catch (ReadModelMaintenanceBusy busy)
        {
            return busy.ToProblem().ToResult();
        }
    }

    /// <summary>Rebuilds the read models into a scratch schema and compares them with the live ones, document by document.</summary>
    [WolverineGet("/api/audit/verify-projections")]
    public static async Task<IResult> Verify(ReadModelMaintenance maintenance, HttpContext http)
    {
        try
        {
            return Results.Ok(await maintenance.VerifyAsync(ActorOf(http), progress: null, http.RequestAborted));
        }
        catch (ReadModelMaintenanceBusy busy)
        {
            return busy.ToProblem().ToResult();
        }
    }

    private static string ActorOf(HttpContext http) => SecurityServices.ActorOf(http.User) ?? ChangeContext.AnonymousActor;
}
