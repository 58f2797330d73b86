using System.Globalization;

namespace Catalogue.Api.Hosting;

/// <summary>
/// A setting the service cannot run with; the message names the setting, what it must be, and what it is. A start
/// refused for one says so in one line, not with a stack trace (see <see cref="CatalogueBuilder.RunAsync"/>).
/// </summary>
public sealed class CatalogueConfigurationException(string message) : InvalidOperationException(message)
{
    /// <summary>The setting as a whole number, null when it is not set.</summary>
    public static int? Integer(IConfiguration configuration, string key, string must)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return null;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new CatalogueConfigurationException($"{key} must be {must}; it is '{value}'.");
    }

    /// <summary>The setting as a whole number from <paramref name="least"/> to <paramref name="most"/>, null when it is not set.</summary>
    public static int? Integer(IConfiguration configuration, string key, string must, int least, int most = int.MaxValue) =>
        Integer(configuration, key, must) switch
        {
            null => null,
            var number when number >= least && number <= most => number,
            _ => throw new CatalogueConfigurationException($"{key} must be {must}; it is '{configuration[key]}'."),
        };

    /// <summary>The setting as a length of time (<c>hh:mm:ss</c>), null when it is not set.</summary>
    public static TimeSpan? Duration(IConfiguration configuration, string key, string must)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return null;
        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var duration)
            ? duration
            : throw new CatalogueConfigurationException($"{key} must be {must}; it is '{value}'.");
    }

    /// <summary>The configuration error behind <paramref name="error"/>, however the host wrapped it; null when there is none.</summary>
    public static CatalogueConfigurationException? In(Exception error) => error switch
    {
        CatalogueConfigurationException configuration => configuration,
        // The settings read into options: a rule of theirs broken, checked as the service starts...
        Microsoft.Extensions.Options.OptionsValidationException rules => new CatalogueConfigurationException(string.Join(" ", rules.Failures)),
        // ...or a value that is not of the setting's kind ("Failed to convert configuration value 'many' at '…' to type 'System.Int32'.").
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } binding => new CatalogueConfigurationException(binding.Message),
        // ...or a log level that is none ("Configuration value 'Loud' is not supported.", which names no setting).
        InvalidOperationException { Source: "Microsoft.Extensions.Logging.Configuration" } level => new CatalogueConfigurationException(
            $"A Logging:LogLevel setting must be one of Trace, Debug, Information, Warning, Error, Critical, None. {level.Message}"),
        AggregateException aggregate => aggregate.InnerExceptions.Select(In).FirstOrDefault(e => e is not null),
        { InnerException: { } inner } => In(inner),
        _ => null,
    };
}
