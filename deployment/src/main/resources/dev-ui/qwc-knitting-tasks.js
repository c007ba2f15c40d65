import { LitElement, html, css } from 'lit';
import { tasks } from 'build-time-data';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';
import '@vaadin/grid';

/**
 * Every @Task method the build found: its pool and the options written on the annotation
 * (knitting.task."<method>".* may override them at runtime).
 */
export class QwcKnittingTasks extends LitElement {

    static styles = css`
        :host {
            display: flex;
            flex-direction: column;
            height: 100%;
        }
        code {
            font-size: 85%;
        }
    `;

    render() {
        return html`
            <vaadin-grid .items="${tasks}" class="knitting-tasks" theme="no-border row-stripes">
                <vaadin-grid-column auto-width header="Task method" resizable
                    ${columnBodyRenderer(task => html`<code>${task.method}</code>`, [])}>
                </vaadin-grid-column>
                <vaadin-grid-column auto-width header="Pool" path="pool" resizable></vaadin-grid-column>
                <vaadin-grid-column auto-width header="Options (as annotated)" resizable
                    ${columnBodyRenderer(task => html`<code>${task.options}</code>`, [])}>
                </vaadin-grid-column>
            </vaadin-grid>`;
    }
}
customElements.define('qwc-knitting-tasks', QwcKnittingTasks);
