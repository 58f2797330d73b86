using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Catalogue.Api.Audit.Chain;

/// <summary>Verification of the event chain, its signed checkpoints and the key that signs them.</summary>
public static class AuditChainEndpoints
{
    public const int CheckpointListLimit = 100;

    /// <summary>The whole chain, or with <c>?record={id}</c> one record's events against their seals.</summary>
    [WolverineGet("/api/audit/verify")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ChainVerification>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Verify(Guid? record, ChainVerifier verifier, SharedVerification whole, HttpContext http)
    {
        if (record is not { } id) return Results.Ok(await whole.VerifyAsync(http.RequestAborted));

        var verification = await verifier.VerifyRecordAsync(id, http.RequestAborted);
        return verification is null ? Problems.NotFound(id).ToResult() : Results.Ok(verification);
    }

    /// <summary>Signs a checkpoint of the current head now; refuses (409) when the chain since the last checkpoint is broken.</summary>
    [WolverinePost("/api/audit/checkpoints")]
    [ProducesResponseType<Checkpoint>(StatusCodes.Status201Created, "application/json")]
    public static async Task<IResult> Create(EmptyBody _, ChainCheckpoints checkpoints, HttpContext http)
    {
        var outcome = await checkpoints.CreateAsync(onlyIfAdvanced: false, http.RequestAborted);
        if (outcome.IsBeingSignedElsewhere)
        {
            http.Response.Headers.RetryAfter = "30";
            return Problems.Conflict(
                "A checkpoint is being signed now",
                "Another request, a node's timer or the command line is checking the chain and signing a checkpoint now (the first one, or the first after the signing key changed, checks the whole chain: minutes for a long one). " +
                "It will be listed by GET /api/audit/checkpoints once signed; send this again then for one of the head as it will stand.").ToResult();
        }

        if (outcome.Checkpoint is null)
        {
            var broken = outcome.Verification!.Break!;
            var problem = Problems.Conflict(
                "The event chain is broken",
                $"No checkpoint was signed: at seq_id {broken.SeqId} ({broken.Kind}) {broken.Meaning}");
            problem.Extensions["verification"] = outcome.Verification;
            return problem.ToResult();
        }

        return Results.Created($"/api/audit/checkpoints/{outcome.Checkpoint.Number}", outcome.Checkpoint);
    }

    /// <summary>The newest checkpoints first (at most 100).</summary>
    [WolverineGet("/api/audit/checkpoints")]
    public static async Task<IReadOnlyList<Checkpoint>> List(ChainCheckpoints checkpoints, HttpContext http) =>
        await checkpoints.ListAsync(CheckpointListLimit, http.RequestAborted);

    /// <summary>One checkpoint as JSON: what an auditor saves to check an export against later.</summary>
    [WolverineGet("/api/audit/checkpoints/{number}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Checkpoint>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Get(long number, ChainCheckpoints checkpoints, HttpContext http)
    {
        var checkpoint = await checkpoints.GetAsync(number, http.RequestAborted);
        return checkpoint is null
            ? Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Checkpoint not found",
                Detail = $"There is no checkpoint #{number}.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            })
            : Results.Ok(checkpoint);
    }

    /// <summary>The public half of the checkpoint signing key, as PEM (SubjectPublicKeyInfo).</summary>
    [WolverineGet("/api/audit/public-key")]
    public static IResult PublicKey(CheckpointSigningKey key) => Results.Text(key.PublicKeyPem, "application/x-pem-file");
}
