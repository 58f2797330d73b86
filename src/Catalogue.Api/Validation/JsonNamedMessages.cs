using System.Runtime.CompilerServices;
using FluentValidation;
using FluentValidation.Internal;

namespace Catalogue.Api.Validation;

/// <summary>
/// Names a field in a validation message as the JSON the client sent names it — <c>'dates[0].edtf'</c>,
/// <c>'sourceUrl'</c> — rather than as FluentValidation names the C# property (<c>'Edtf'</c>, <c>'Source Url'</c>):
/// a message then says what the key it is filed under says, wherever the rules run (a command's body, a page, a JSON
/// line; a CSV import puts its column in that name's place).
/// </summary>
public sealed class JsonNamedMessages : MessageFormatter
{
    private const string PropertyPath = "PropertyPath";

    public override string BuildMessage(string messageTemplate)
    {
        // The path FluentValidation files the failure under, a child's index and parents included; a rule on the
        // whole object has none, and keeps the name it was given.
        if (PlaceholderValues.TryGetValue(PropertyPath, out var path) && path is string { Length: > 0 } given)
            AppendPropertyName(RequestValidation.ToCamelCasePath(given));
        return base.BuildMessage(messageTemplate);
    }

    /// <summary>
    /// Set when the service's assembly is loaded, before any validator runs: FluentValidation reads the factory for each
    /// validation, and the rules run outside requests too (imports from the command line, the tests of decisions).
    /// </summary>
    [ModuleInitializer]
    internal static void NameFieldsAsJsonDoes() => ValidatorOptions.Global.MessageFormatterFactory = () => new JsonNamedMessages();
}
