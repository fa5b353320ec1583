using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using SlaGovernance.Web.Features;

namespace SlaGovernance.Web.Api;

/// <summary>
/// A handler's answer to a command that did not succeed, as one member of its Results union: the type arguments are the problems
/// the endpoint declares (so the OpenAPI document states them), and <see cref="CommandResults.Failure"/> picks the one for the
/// command's status.
/// </summary>
public sealed class CommandFailure<T1> : IResult, IEndpointMetadataProvider
    where T1 : IResult, IEndpointMetadataProvider
{
    private readonly IResult _answer;

    private CommandFailure(IResult answer) => _answer = answer;

    public static CommandFailure<T1> For<T>(HttpContext context, CommandResult<T> result, Func<T, int>? versionOf = null) =>
        new(CommandResults.Declared(CommandResults.Failure(context, result, versionOf), typeof(T1)));

    public Task ExecuteAsync(HttpContext httpContext) => _answer.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => T1.PopulateMetadata(method, builder);
}

/// <inheritdoc cref="CommandFailure{T1}"/>
public sealed class CommandFailure<T1, T2> : IResult, IEndpointMetadataProvider
    where T1 : IResult, IEndpointMetadataProvider
    where T2 : IResult, IEndpointMetadataProvider
{
    private readonly IResult _answer;

    private CommandFailure(IResult answer) => _answer = answer;

    public static CommandFailure<T1, T2> For<T>(HttpContext context, CommandResult<T> result, Func<T, int>? versionOf = null) =>
        new(CommandResults.Declared(CommandResults.Failure(context, result, versionOf), typeof(T1), typeof(T2)));

    public Task ExecuteAsync(HttpContext httpContext) => _answer.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        T1.PopulateMetadata(method, builder);
        T2.PopulateMetadata(method, builder);
    }
}

/// <inheritdoc cref="CommandFailure{T1}"/>
public sealed class CommandFailure<T1, T2, T3> : IResult, IEndpointMetadataProvider
    where T1 : IResult, IEndpointMetadataProvider
    where T2 : IResult, IEndpointMetadataProvider
    where T3 : IResult, IEndpointMetadataProvider
{
    private readonly IResult _answer;

    private CommandFailure(IResult answer) => _answer = answer;

    public static CommandFailure<T1, T2, T3> For<T>(HttpContext context, CommandResult<T> result, Func<T, int>? versionOf = null) =>
        new(CommandResults.Declared(CommandResults.Failure(context, result, versionOf), typeof(T1), typeof(T2), typeof(T3)));

    public Task ExecuteAsync(HttpContext httpContext) => _answer.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        T1.PopulateMetadata(method, builder);
        T2.PopulateMetadata(method, builder);
        T3.PopulateMetadata(method, builder);
    }
}

/// <inheritdoc cref="CommandFailure{T1}"/>
public sealed class CommandFailure<T1, T2, T3, T4> : IResult, IEndpointMetadataProvider
    where T1 : IResult, IEndpointMetadataProvider
    where T2 : IResult, IEndpointMetadataProvider
    where T3 : IResult, IEndpointMetadataProvider
    where T4 : IResult, IEndpointMetadataProvider
{
    private readonly IResult _answer;

    private CommandFailure(IResult answer) => _answer = answer;

    public static CommandFailure<T1, T2, T3, T4> For<T>(HttpContext context, CommandResult<T> result, Func<T, int>? versionOf = null) =>
        new(CommandResults.Declared(CommandResults.Failure(context, result, versionOf), typeof(T1), typeof(T2), typeof(T3), typeof(T4)));

    public Task ExecuteAsync(HttpContext httpContext) => _answer.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        T1.PopulateMetadata(method, builder);
        T2.PopulateMetadata(method, builder);
        T3.PopulateMetadata(method, builder);
        T4.PopulateMetadata(method, builder);
    }
}
