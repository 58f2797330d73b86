using System.Text.Json;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Catalogue.Tests.Support;

/// <summary>What the tests of a pure decision expect of it: these events, nothing, or a refusal.</summary>
public static class Decisions
{
    /// <summary>Exactly these events, in this order (compared as JSON: records compare their lists by reference).</summary>
    public static void ShouldAppend(this Decision decision, params IRecordEvent[] expected)
    {
        Assert.True(decision.Refusal is null, $"Refused: {decision.Refusal?.Title}: {decision.Refusal?.Detail}");
        Assert.Equal(expected.Select(Shown), decision.Events.Select(Shown));
    }

    /// <summary>The record already says what the command asks for: nothing is appended, nothing refused.</summary>
    public static void ShouldChangeNothing(this Decision decision)
    {
        Assert.True(decision.Refusal is null, $"Refused: {decision.Refusal?.Title}: {decision.Refusal?.Detail}");
        Assert.Empty(decision.Events);
    }

    /// <summary>Refused as a 422, naming <paramref name="field"/> when given; nothing is appended.</summary>
    public static ProblemDetails ShouldBeRefused(this Decision decision, string? field = null)
    {
        var refusal = Assert.IsType<ProblemDetails>(decision.Refusal);
        Assert.Empty(decision.Events);
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, refusal.Status);
        if (field is not null)
        {
            var errors = Assert.IsType<Dictionary<string, string[]>>(refusal.Extensions["errors"]);
            Assert.Equal([field], errors.Keys);
        }

        return refusal;
    }

    /// <summary>A correction without a reason, of something the record already has.</summary>
    public static void ShouldNeedAReason(this Decision decision) =>
        Assert.Equal("A reason is required", decision.ShouldBeRefused("reason").Title);

    private static string Shown(IRecordEvent e) => $"{e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType())}";
}
