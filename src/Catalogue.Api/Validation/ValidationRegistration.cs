using Catalogue.Api.Hosting;
using FluentValidation;

namespace Catalogue.Api.Validation;

public static class ValidationRegistration
{
    /// <summary>
    /// The shape of what a client sends: every command's FluentValidation validator, run on its endpoint before the
    /// command is decided, and the route and query values checked as a body's fields are.
    /// </summary>
    public static CatalogueBuilder AddValidation(this CatalogueBuilder catalogue) => catalogue
        .Services(builder => builder.Services.AddValidatorsFromAssemblyContaining<FluentValidationPolicy>(ServiceLifetime.Singleton))
        .Endpoints(opts =>
        {
            opts.RejectUnparseableQueryValues = true;
            opts.AddPolicy<FluentValidationPolicy>();
            opts.AddPolicy<RequestParametersPolicy>();
        });
}
