namespace Catalogue.Api.Validation;

/// <summary>The title of every 400 that refuses what was sent, field by field or parameter by parameter.</summary>
public static class ValidationTitles
{
    public const string NotValid = "The request is not valid";

    /// <summary>What ASP.NET titles a validation problem made without a title of its own.</summary>
    public const string AspNetDefault = "One or more validation errors occurred.";
}
