using Wolverine.Http;

namespace Catalogue.Api.Security;

/// <summary>
/// The one table of who may call which endpoint. Every Wolverine endpoint passes through it when the routes are
/// built; an endpoint it does not name is for admins only, so a new endpoint is never open by accident.
/// </summary>
public static class EndpointAccess
{
    /// <returns>The policy, or null for an endpoint anyone may call.</returns>
    public static string? PolicyFor(string method, string route)
    {
        if (route.StartsWith("/health", StringComparison.Ordinal)) return null;
        // Harvesters send no credentials; the provider serves what the public may read.
        if (route == Interop.Oai.HarvestEndpoint.Route) return null;
        if (route.StartsWith("/api/admin/", StringComparison.Ordinal) || route.StartsWith("/api/keys", StringComparison.Ordinal)) return Policies.Admin;
        if (route.StartsWith("/api/audit/", StringComparison.Ordinal)) return Policies.Audit;

        return (method, route) switch
        {
            ("GET", "/api/projections") => Policies.Audit,
            ("GET", "/api/records/{id}/history" or "/api/records/{id}/history/premis" or "/api/records/{id}/history/{version}/full-text"
                or "/api/records/{id}/diff" or "/api/records/{id}/blame") => Policies.Audit,
            ("POST", "/api/records" or "/api/imports" or "/api/imports/batches" or "/api/imports/jsonl" or "/api/imports/csv") => Policies.Catalogue,
            ("GET", "/api/imports" or "/api/imports/{batch}") => Policies.Catalogue,
            ("POST", "/api/imports/{batch}/revert") => Policies.Catalogue,
            ("POST", _) when route.StartsWith("/api/records/{id}/", StringComparison.Ordinal) => Policies.Catalogue,
            ("GET", "/api/records/{id}/related") => Policies.Staff,
            // Finding aids and Dublin Core: what the caller may read of the records, published ones for readers and the public.
            ("GET", "/api/records/{id}/ead" or "/api/records/{id}/dublin-core" or "/api/repositories/{code}/fonds/{fond}/ead"
                or "/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files/{file}/ead") => Policies.Read,
            ("GET", _) when route.StartsWith("/api/repositories/{code}", StringComparison.Ordinal) => Policies.Staff,
            ("GET", "/api/exports/records") => Policies.Read,
            ("GET", "/api/records" or "/api/records/{id}" or "/api/records/{id}/citation" or "/api/repositories"
                or "/api/records/{id}/full-texts" or "/api/records/{id}/full-texts/{language}/{kind}" or "/api/search") => Policies.Read,
            ("POST", "/api/citations/parse") => Policies.Read,
            // The authorities: anyone who may read records may look names up; what they count is what the caller may see.
            ("GET", "/api/people" or "/api/people/{id}" or "/api/people/{id}/records" or "/api/places" or "/api/places/{id}"
                or "/api/places/{id}/records" or "/api/subjects" or "/api/subjects/{id}" or "/api/subjects/{id}/records") => Policies.Read,
            ("POST", "/api/people/{id}/aliases" or "/api/people/{id}/aliases/removal" or "/api/people/{id}/merge") => Policies.Catalogue,
            // Readers and the public are told only what published records count toward (see ReadReportsEndpoints).
            ("GET", "/api/reports") => Policies.Read,
            ("GET", _) when route.StartsWith("/api/reports/", StringComparison.Ordinal) => Policies.Read,
            _ => Policies.Admin,
        };
    }

    public static void Apply(HttpChain chain)
    {
        var policy = PolicyFor(chain.HttpMethods.FirstOrDefault() ?? "GET", chain.RoutePattern?.RawText ?? "");
        if (policy is null)
            chain.Metadata.AllowAnonymous();
        else
            chain.Metadata.RequireAuthorization(policy);
    }
}
