using Catalogue.Api.Hosting;

namespace Catalogue.Api.Security;

public static class SecurityRegistration
{
    /// <summary>
    /// Who may call what: API keys (configured, stored, and the first start's admin key) and bearer tokens, the rate
    /// limit per caller, the table of who may call which endpoint, and the keys verb.
    /// </summary>
    public static CatalogueBuilder AddSecurity(this CatalogueBuilder catalogue) => catalogue
        .Model(opts => opts.Schema.For<ApiKey>().Index(x => x.Name))
        .Services(builder => builder.AddCatalogueSecurity().AddCatalogueRateLimits())
        .Pipeline(app =>
        {
            app.UseAuthentication();
            app.UseRateLimiter();
            app.UseAuthorization();
        })
        .Endpoints(opts => opts.ConfigureEndpoints(EndpointAccess.Apply))
        .Verb(new Verb(
            "keys", KeysCommandLine.Usage, "create, revoke or list API keys (roles: " + string.Join(", ", Roles.All) + ")", KeysCommandLine.RunAsync))
        .RefuseToStartWhen(ConfiguredKeyNames.ClashAsync);
}
