/** {@code digits acls}: the least-privilege ACLs of each component's principal, printed or applied. */
package dev.digitstream.tools.acls;
