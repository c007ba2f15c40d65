import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';
import '@vaadin/grid';
import '@vaadin/button';
import '@vaadin/details';

/**
 * Each pool, live: its counters and, per lane, what runs there and for how long. Refreshed every second; a lane's
 * Stack button shows where its worker thread is now.
 */
export class QwcKnittingPools extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host {
            display: flex;
            flex-direction: column;
            gap: 1em;
            padding: 0 1em 1em 1em;
        }
        .counters {
            display: flex;
            flex-wrap: wrap;
            gap: 1.5em;
            font-size: 90%;
        }
        .counter b {
            font-size: 120%;
        }
        .closed {
            color: var(--lumo-error-text-color);
        }
        pre {
            font-size: 80%;
            max-height: 20em;
            overflow: auto;
            background: var(--lumo-contrast-5pct);
            padding: 0.5em;
        }
    `;

    static properties = {
        _pools: { state: true },
        _stack: { state: true }
    };

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
        this._timer = setInterval(() => this._refresh(), 1000);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    _refresh() {
        this.jsonRpc.getPools().then(response => {
            this._pools = response.result;
        });
    }

    _showStack(pool, lane) {
        this.jsonRpc.getLaneStack({ pool: pool, lane: lane }).then(response => {
            this._stack = { pool: pool, lane: lane, frames: response.result };
        });
    }

    render() {
        if (!this._pools) {
            return html`<span>Loading pools...</span>`;
        }
        return html`${this._pools.map(pool => this._renderPool(pool))}${this._renderStack()}`;
    }

    _renderPool(pool) {
        return html`
            <div class="pool">
                <h3>Pool <code>${pool.name}</code>
                    ${pool.closed ? html`<span class="closed">closed</span>` : ''}</h3>
                <div class="counters">
                    ${this._counter('queued', pool.queued)}
                    ${this._counter('in flight', pool.inFlight)}
                    ${this._counter('submitted', pool.submitted)}
                    ${this._counter('completed', pool.completed)}
                    ${this._counter('failed', pool.failed)}
                    ${this._counter('cancelled', pool.cancelled)}
                    ${this._counter('rejected', pool.rejected)}
                    ${this._counter('generation', pool.generation)}
                    ${this._counter('abandoned threads', pool.abandonedThreads)}
                </div>
                <vaadin-grid .items="${pool.lanes}" all-rows-visible theme="no-border compact">
                    <vaadin-grid-column header="Lane" path="index" width="5em" flex-grow="0"></vaadin-grid-column>
                    <vaadin-grid-column header="Thread" path="thread" auto-width></vaadin-grid-column>
                    <vaadin-grid-column header="State" path="state" width="7em" flex-grow="0"></vaadin-grid-column>
                    <vaadin-grid-column header="Running call" auto-width
                        ${columnBodyRenderer(lane => this._renderRunning(lane), [])}></vaadin-grid-column>
                    <vaadin-grid-column header="Queued" path="queued" width="6em" flex-grow="0"></vaadin-grid-column>
                    <vaadin-grid-column header="" width="7em" flex-grow="0"
                        ${columnBodyRenderer(lane => html`
                            <vaadin-button theme="small" @click=${() => this._showStack(pool.name, lane.index)}>
                                Stack</vaadin-button>`, [])}></vaadin-grid-column>
                </vaadin-grid>
            </div>`;
    }

    _renderRunning(lane) {
        if (!lane.task) {
            return html``;
        }
        const elapsed = lane.runningForMs === null ? '' : ` for ${lane.runningForMs.toFixed(1)} ms`;
        return html`<code title="${lane.task}">${this._shortName(lane.task)}</code>${elapsed}`;
    }

    /** com.acme.Hasher#sha256(byte[]) as Hasher#sha256(byte[]): the full name is the tooltip. */
    _shortName(task) {
        const method = task.indexOf('#');
        return method < 0 ? task : task.substring(task.lastIndexOf('.', method) + 1);
    }

    _counter(label, value) {
        return html`<span class="counter">${label} <b>${value}</b></span>`;
    }

    _renderStack() {
        if (!this._stack) {
            return html``;
        }
        return html`
            <div class="stack">
                <h4>Lane ${this._stack.lane} of pool <code>${this._stack.pool}</code></h4>
                <pre>${this._stack.frames}</pre>
            </div>`;
    }
}
customElements.define('qwc-knitting-pools', QwcKnittingPools);
