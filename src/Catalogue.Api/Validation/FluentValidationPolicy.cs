using Catalogue.Api.Hosting;
using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace Catalogue.Api.Validation;

/// <summary>
/// Runs the FluentValidation validator of an endpoint's command (read by <see cref="JsonCommandBody"/>) before the
/// endpoint, and ends the request with a 400 problem details listing the errors field by field.
/// (WolverineFx.Http.FluentValidation does the same but is not served to us; this is its small equivalent.)
/// </summary>
public sealed class FluentValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            if (chain.Middleware.OfType<ReadJsonCommandFrame>().FirstOrDefault() is not { } read) continue;
            var commandType = read.Command.VariableType;
            var validatorType = typeof(IValidator<>).MakeGenericType(commandType);
            if (!container.HasRegistrationFor(validatorType)) continue;

            chain.Metadata.ProducesProblem(StatusCodes.Status400BadRequest);
            var method = typeof(RequestValidation).GetMethod(nameof(RequestValidation.ValidateAsync))!.MakeGenericMethod(commandType);
            var call = new MethodCall(typeof(RequestValidation), method);
            call.Arguments[1] = read.Command;
            // Right after the body is read, before anything the endpoint does with the command.
            chain.Middleware.InsertRange(chain.Middleware.IndexOf(read) + 1, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

public static class RequestValidation
{
    /// <returns>A 400 validation problem, or <see cref="WolverineContinue.Result()"/> to carry on.</returns>
    public static async Task<IResult> ValidateAsync<T>(IValidator<T> validator, T request, HttpContext http)
    {
        var result = await validator.ValidateAsync(request, http.RequestAborted);
        if (result.IsValid) return WolverineContinue.Result();

        var errors = result.Errors
            .GroupBy(e => ToCamelCasePath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return Results.ValidationProblem(errors, title: ValidationTitles.NotValid, detail: "See errors for each field.");
    }

    /// <summary>"Translations[0].Credit" → "translations[0].credit", matching the JSON the client sent.</summary>
    public static string ToCamelCasePath(string path) =>
        string.Join('.', path.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
