using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Security;
using Wolverine.Http;

namespace Catalogue.Api.Audit;

/// <summary>What a rebuild did, read model by read model.</summary>
/// <param name="ChangesHeldSeconds">
/// How long changes (every command that appends) waited for the rebuild, all told: while it took a snapshot of the
/// events, and while it folded what was appended during its build and replaced the live documents — not while it built.
/// </param>
public sealed record ReadModelsRebuilt(IReadOnlyList<ProjectionRebuilt> Rebuilt, double ChangesHeldSeconds);

public static class ReadModelEndpoints
{
    /// <summary>Each read model and subscription: how far it has come through the events, how far behind it is, and its state.</summary>
    [WolverineGet("/api/projections")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ProjectionsOverview>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Progress(ProjectionProgress progress, HttpContext http) =>
        Results.Ok(await progress.ReadAsync(http.RequestAborted));

    /// <summary>Rebuilds every read model from the events; 409 while another rebuild or check runs.</summary>
    [WolverinePost("/api/admin/projections/rebuild")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ReadModelsRebuilt>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Rebuild(EmptyBody _, ReadModelMaintenance maintenance, HttpContext http)
    {
        try
        {
            return Results.Ok(await maintenance.RebuildAsync(ActorOf(http), progress: null, http.RequestAborted));
        }
        catch (ReadModelMaintenanceBusy busy)
        {
            return busy.ToProblem().ToResult();
        }
    }

    /// <summary>Rebuilds one read model as the whole rebuild does; 409 while another rebuild or check runs.</summary>
    [WolverinePost("/api/admin/projections/{name}/rebuild")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ReadModelsRebuilt>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> RebuildOne(string name, EmptyBody _, ReadModelMaintenance maintenance, CatalogueStoreConfiguration configuration, HttpContext http)
    {
        if (configuration.Find(name) is not { } readModel) return NoSuchReadModel(name, configuration);
        try
        {
            return Results.Ok(await maintenance.RebuildAsync(ActorOf(http), progress: null, http.RequestAborted, only: readModel));
        }
        catch (ReadModelMaintenanceBusy busy)
        {
            return busy.ToProblem().ToResult();
        }
    }

    /// <summary>Rebuilds the read models into a scratch schema and compares them with the live ones, document by document.</summary>
    [WolverineGet("/api/audit/verify-projections")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ProjectionCheck>(StatusCodes.Status200OK, "application/json")]
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

    private static IResult NoSuchReadModel(string name, CatalogueStoreConfiguration configuration) =>
        Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "No such read model",
            Detail = (string.Equals(name, EventSealer.SubscriptionName, StringComparison.OrdinalIgnoreCase)
                    ? $"{EventSealer.SubscriptionName} is the event chain's sealer, not a read model: seals are written once and never rebuilt. "
                    : $"There is no read model named '{Validation.Echoed.Shortened(name)}'. ")
                + $"The read models are: {string.Join(", ", configuration.ReadModels.Select(r => r.Name))}.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        });

    private static string ActorOf(HttpContext http) => SecurityServices.ActorOf(http.User) ?? ChangeContext.AnonymousActor;
}
