namespace Catalogue.Api.Interop;

/// <summary>
/// Who keeps this catalogue, as the archive world's formats name it: the maintenance agency of every EAD3 export and
/// the publisher of every Dublin Core record.
/// </summary>
public sealed class InteropOptions
{
    public const string Section = "Catalogue:Interop";

    /// <summary>The institution's name ("Wilson Center Digital Archive").</summary>
    public string AgencyName { get; set; } = "Catalogue";

    /// <summary>Its ISIL (ISO 15511) code when it has one ("US-DcWC"); EAD3's agencycode.</summary>
    public string? AgencyCode { get; set; }

    /// <summary>The rights statement exports carry (Dublin Core's rights); none when not set.</summary>
    public string? Rights { get; set; }
}
