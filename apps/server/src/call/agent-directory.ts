import type { AgentDef, Flow } from '@switchboard/protocol';

/** Where a transfer reaches an agent. `console`: the operator console in the browser, no carrier leg. */
export type AgentEndpoint = { kind: 'phone'; number: string } | { kind: 'sip'; uri: string } | { kind: 'console' };

/**
 * The agents a transfer can reach (flow `agents:`), with the business's verified caller ID for
 * the legs placed to them. A transfer dials something that exists — never a made-up
 * `agent:<id>` — and never shows the caller's own number to the agent.
 */
export interface AgentDirectory {
  /** Agent ids per queue, in the flow's order; queues absent here are staffed by counted console agents. */
  readonly roster: Readonly<Record<string, readonly string[]>>;
  /** Agents not in the directory (counted console agents) are reached in the console. */
  endpoint(agentId: string): AgentEndpoint;
  /** E.164 the business presents on agent legs; required when any agent has a phone or SIP endpoint. */
  readonly callerId: string | undefined;
}

const endpointOf = (agent: AgentDef): AgentEndpoint =>
  agent.endpoint === 'console'
    ? { kind: 'console' }
    : agent.endpoint.startsWith('sip')
      ? { kind: 'sip', uri: agent.endpoint }
      : { kind: 'phone', number: agent.endpoint };

/** Builds the directory from a parsed flow; a dialled agent without the business's caller ID is refused here, at start-up. */
export function agentDirectory(flow: Pick<Flow, 'agents' | 'callerId'>): AgentDirectory {
  const agents = new Map<string, AgentEndpoint>();
  const roster: Record<string, string[]> = {};
  for (const agent of flow.agents ?? []) {
    if (agents.has(agent.id)) throw new Error(`flow agents: agent id "${agent.id}" appears twice`);
    const endpoint = endpointOf(agent);
    if (endpoint.kind !== 'console' && !flow.callerId)
      throw new Error(
        `flow agents: agent "${agent.id}" is dialled at ${agent.endpoint}, so the flow needs callerId (the business's verified number)`,
      );
    agents.set(agent.id, endpoint);
    roster[agent.queue] = [...(roster[agent.queue] ?? []), agent.id];
  }
  return {
    roster,
    callerId: flow.callerId,
    endpoint: (agentId) => agents.get(agentId) ?? { kind: 'console' },
  };
}

/** A directory with no agents: every queue has counted console agents (tests, the simulator's default). */
export const consoleAgents: AgentDirectory = agentDirectory({});

/** The address a carrier dials for a phone or SIP endpoint. */
export function dialString(endpoint: AgentEndpoint): string | undefined {
  return endpoint.kind === 'phone' ? endpoint.number : endpoint.kind === 'sip' ? endpoint.uri : undefined;
}
