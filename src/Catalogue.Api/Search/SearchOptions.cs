using Catalogue.Api.Hosting;

namespace Catalogue.Api.Search;

/// <summary>The <c>Catalogue:Search</c> settings.</summary>
/// <param name="ExactCountsUpTo">
/// How many records a search may find and still have its total and facet counts counted one by one. Past it, they are
/// estimated from the records in the search index's sample (one in <see cref="SearchIndex.SampleRate"/>, or one in
/// <see cref="SearchIndex.CoarseSampleRate"/> when the sample itself holds more than this many sixteenths): counting every
/// record of a broad search ("stalin" finds one record in eight) costs more than its page, and grows with the catalogue.
/// </param>
public sealed record SearchOptions(int ExactCountsUpTo)
{
    public const string Section = "Catalogue:Search";
    public const int DefaultExactCountsUpTo = 4_000;

    public static SearchOptions From(IConfiguration configuration)
    {
        const string key = $"{Section}:{nameof(ExactCountsUpTo)}";
        var must = $"a whole number, 0 or more (default {DefaultExactCountsUpTo})";
        var exact = CatalogueConfigurationException.Integer(configuration, key, must) ?? DefaultExactCountsUpTo;
        if (exact < 0) throw new CatalogueConfigurationException($"{key} must be {must}; it is '{exact}'.");
        return new SearchOptions(exact);
    }

    /// <summary>How many records of the sample a search may find and still be counted exactly.</summary>
    public int SampleLimit => ExactCountsUpTo / SearchIndex.SampleRate;
}
