/*
 * GenSpec: genscope's command-definition language for Intel GEN command streams.
 *
 * One file describes one hardware generation. A generation may extend another and then only
 * states what differs: definitions with the same kind and name replace the inherited ones,
 * `remove` drops them.
 *
 *   generation gen9 version 9 extends gen8;
 *
 *   enum "3D_Compare_Function" { 0 "COMPAREFUNCTION_ALWAYS"; 1 "COMPAREFUNCTION_NEVER"; }
 *
 *   command "PIPE_CONTROL" engines render dwords 6 bias 2 {
 *     field "DWord Length"      0..7    uint = 4;
 *     field "Command Type"      29..31  uint = 3;
 *     field "Post Sync Operation" 46..47 uint { 0 "No Write"; 1 "Write Immediate Data"; }
 *     field "Address"           66..111 address space ggtt if "Destination Address Type" == 1
 *                                       when "Post Sync Operation" != 0;
 *   }
 *
 *   amend command "MI_FLUSH_DW" engines blitter|video;     // change an inherited command's engines
 *   amend command "MI_LOAD_REGISTER_MEM" {                // add members; a field named like an
 *     field "Memory Address" 66..127 address;              // inherited top-level field replaces it
 *   }
 *
 * Several `when` conditions on one field must all hold.
 *
 * Bit numbers are absolute over the whole packet (bit 32 is dword 1 bit 0). Fields with a
 * default (`= value`) lying in bits 16..31 of dword 0 form the header that identifies the
 * command; `match` adds any other dword-0 field to the header.
 */
grammar GenSpec;

specFile      : generationDecl definition* EOF ;

generationDecl: 'generation' name=IDENT ('version' version=(DECIMAL | INT))?
                ('title' title=STRING)? ('extends' parent=IDENT)? ';' ;

definition    : enumDef | structDef | commandDef | registerDef | removeDef | amendDef ;

enumDef       : 'enum' name=STRING '{' enumValue* '}' ;
enumValue     : value=number name=STRING ';' ;

structDef     : 'struct' name=STRING 'dwords' length=number body ;
registerDef   : 'register' name=STRING 'at' offset=number 'dwords' length=number body ;
commandDef    : 'command' name=STRING commandAttr* body ;
commandAttr   : 'engines' engine ('|' engine)*          # engines
              | 'dwords' number                         # fixedLength
              | 'bias' number                           # lengthBias
              ;
engine        : 'render' | 'blitter' | 'video' | 'videoenhance' | 'compute' | 'all' ;

removeDef     : 'remove' kind=('command' | 'struct' | 'enum' | 'register') name=STRING ';' ;

// changes the command as inherited so far (attributes, and with a body: fields replaced by name or
// members added); several amendments apply in order; a later full redefinition drops them all
amendDef      : 'amend' 'command' name=STRING commandAttr* (body | ';') ;

body          : '{' member* '}' ;
member        : fieldDef | groupDef ;

groupDef      : 'group' 'count' count=number 'at' start=number 'stride' stride=number body ;

fieldDef      : 'field' name=STRING bits type fieldOption* (';' | '{' enumValue* '}') ;
bits          : start=number ('..' end=number)? ;
type          : scalar=('uint' | 'int' | 'bool' | 'float' | 'address' | 'offset' | 'mbz' | 'mbo')
              | fixed=FIXED
              | 'enum' ref=STRING
              | 'struct' ref=STRING
              ;
fieldOption   : '=' value=number                                    # defaultValue
              | 'match'                                             # headerMatch
              | 'space' spaceRule                                   # addressSpace
              | 'when' gate=STRING op=('==' | '!=') value=number    # validWhen
              ;
spaceRule     : space=addrSpace ('if' gate=STRING '==' value=number)? ;
addrSpace     : 'ggtt' | 'ppgtt' | 'batch' ;

number        : INT | HEX ;

INT           : [0-9]+ ;
HEX           : '0' [xX] [0-9a-fA-F]+ ;
DECIMAL       : [0-9]+ '.' [0-9]+ ;
FIXED         : [us] [0-9]+ '.' [0-9]+ ;
STRING        : '"' (~["\r\n\\] | '\\' ["\\])* '"' ;
IDENT         : [a-zA-Z_] [a-zA-Z0-9_]* ;
LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n]+ -> skip ;
