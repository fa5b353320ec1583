namespace SlaGovernance.Web.Hosting;

/// <summary>A setting is missing or wrong, so the application must not start; the message names the setting and what to give.</summary>
public sealed class InvalidSettingException(string message) : Exception(message);
